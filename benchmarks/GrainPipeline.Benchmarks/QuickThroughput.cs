using System.Diagnostics;
using GrainPipeline.Benchmarks.Grains;

namespace GrainPipeline.Benchmarks;

/// <summary>
/// A quick calls/s reading of the same workloads, without BenchmarkDotNet's statistics: a warm-up,
/// then a few timed rounds, best and median printed. For iterating on the runtime; quote the
/// BenchmarkDotNet numbers.
/// </summary>
internal static class QuickThroughput
{
    public static void Run(int rounds)
    {
        var runtime = BenchRuntime.Start(maxActivations: GrainCallThroughput.Keys * 2);
        var grains = BenchRuntime.Keys(GrainCallThroughput.Keys).Select(k => runtime.GrainFactory.GetGrain<INoOpGrain>(k)).ToArray();
        Task.WhenAll(grains.Select(g => g.Call())).GetAwaiter().GetResult();

        Measure("concurrent callers (64 x 1000 awaited)", rounds, GrainCallThroughput.Callers * GrainCallThroughput.CallsPerCaller,
            () => Workloads.ConcurrentCallers(grains, GrainCallThroughput.Callers, GrainCallThroughput.CallsPerCaller));
        Measure("batched (8 callers x 16 batches of 512)", rounds, GrainCallThroughput.BatchCallers * GrainCallThroughput.Batch * GrainCallThroughput.BatchesPerCaller,
            () => Workloads.Batched(grains, GrainCallThroughput.BatchCallers, GrainCallThroughput.Batch, GrainCallThroughput.BatchesPerCaller));
        runtime.DisposeAsync().AsTask().GetAwaiter().GetResult();
    }

    private static void Measure(string name, int rounds, int calls, Func<Task> workload)
    {
        for (var i = 0; i < 3; i++) workload().GetAwaiter().GetResult();
        var rates = new List<double>();
        var gen0 = GC.CollectionCount(0);
        var allocated = GC.GetTotalAllocatedBytes(precise: true);
        for (var i = 0; i < rounds; i++)
        {
            var watch = Stopwatch.StartNew();
            workload().GetAwaiter().GetResult();
            rates.Add(calls / watch.Elapsed.TotalSeconds);
        }
        var perCall = (GC.GetTotalAllocatedBytes(precise: true) - allocated) / (double)(calls * rounds);
        rates.Sort();
        Console.WriteLine($"{name}: best {rates[^1]:N0} calls/s, median {rates[rates.Count / 2]:N0} calls/s, " +
            $"{perCall:F0} B allocated per call, {GC.CollectionCount(0) - gen0} gen0 GCs over {rounds} rounds");
    }
}
