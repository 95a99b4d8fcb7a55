using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Running;
using BenchmarkDotNet.Toolchains.InProcess.Emit;
using GrainPipeline.Benchmarks;

// idle-memory [count]   bytes retained per idle activation (default 100000)
// quick [rounds]        a fast calls/s reading of the throughput workloads
// anything else         BenchmarkDotNet (ShortRun, in process), e.g. --filter '*GrainCallThroughput*'
switch (args.FirstOrDefault())
{
    case "idle-memory":
        IdleActivationMemory.Run(args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 100_000);
        break;
    case "quick":
        QuickThroughput.Run(args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 10);
        break;
    default:
        // In process: the machine is small and shared, and a child build per run costs more than the benchmark.
        var config = DefaultConfig.Instance.AddJob(Job.ShortRun.WithToolchain(InProcessEmitToolchain.Instance));
        BenchmarkSwitcher.FromAssembly(typeof(GrainCallThroughput).Assembly).Run(args, config);
        break;
}
