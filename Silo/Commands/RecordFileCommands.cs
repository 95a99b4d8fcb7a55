using System.CommandLine;
using GrainPipeline.Kafka.Contract;
using GrainPipeline.Kafka.Native;
using GrainPipeline.Workload.Generation;
using GrainPipeline.Workload.Model;
using GrainPipeline.Workload.Producing;
using GrainPipeline.Workload.Replay;

namespace GrainPipeline.Silo.Commands;

/// <summary>
/// <c>generate</c> writes the workload to a record file once; <c>replay</c> produces such a file at the
/// broker's speed (or a fixed rate with intended-time stamps). The bench uses both so every run sees
/// the same data and the generator's speed never limits the measurement.
/// </summary>
internal static class RecordFileCommands
{
    public static Command Generate()
    {
        var output = new Option<FileInfo>("--out") { Description = "Record file to write", Required = true };
        var events = new Option<long>("--events") { Description = "Records (poison included)", DefaultValueFactory = _ => 1_000_000 };
        var users = new Option<int>("--users") { Description = "Distinct visitors", DefaultValueFactory = _ => 100_000 };
        var shops = new Option<int>("--shops") { Description = "Distinct shops", DefaultValueFactory = _ => 50 };
        var poison = new Option<long>("--poison") { Description = "Bad records mixed in", DefaultValueFactory = _ => 0 };
        var seed = new Option<int>("--seed") { Description = "Generator seed", DefaultValueFactory = _ => WorkloadSpec.DefaultSeed };
        var command = new Command("generate", "Write the deterministic workload to a record file (for replay and the bench)")
        {
            output, events, users, shops, poison, seed,
        };
        command.SetAction(parse =>
        {
            var spec = new WorkloadSpec
            {
                Events = parse.GetValue(events), Users = parse.GetValue(users), Shops = parse.GetValue(shops),
                Poison = parse.GetValue(poison), Seed = parse.GetValue(seed),
            };
            var file = parse.GetValue(output)!;
            var written = RecordFile.Write(file.FullName, WorkloadGenerator.Generate(spec));
            Console.WriteLine($"generate: {written:N0} records to {file.FullName} ({new FileInfo(file.FullName).Length / 1048576.0:F0} MiB)");
            return 0;
        });
        return command;
    }

    public static Command Replay()
    {
        var bootstrap = new Option<string>("--bootstrap") { Description = "Kafka bootstrap servers", Required = true };
        var file = new Option<FileInfo>("--file") { Description = "Record file written by 'generate'", Required = true };
        var rate = new Option<double>("--rate") { Description = "Records per second, stamped with their intended send time (0 = as fast as possible)", DefaultValueFactory = _ => 0 };
        var maxLag = new Option<long>("--max-lag") { Description = "Pause while the group's backlog on any partition exceeds this (0 = never)", DefaultValueFactory = _ => 3000 };
        var group = new Option<string>("--group") { Description = "Consumer group whose lag throttles the replay", DefaultValueFactory = _ => Topics.ConsumerGroup };
        var command = new Command("replay", "Produce a record file to 'events', throttled on a consumer group's lag")
        {
            bootstrap, file, rate, maxLag, group,
        };
        command.SetAction((parse, cancel) =>
        {
            KafkaNativeLibrary.EnsureLoaded();
            var b = parse.GetValue(bootstrap)!;
            using var probe = parse.GetValue(maxLag) > 0 ? new ConsumerGroupLagProbe(b, Topics.Events, parse.GetValue(group)!, Console.Error) : null;
            var replayer = new RecordReplayer(b, Topics.Events, parse.GetValue(rate), parse.GetValue(maxLag), probe);
            var result = replayer.Run(RecordFile.Read(parse.GetValue(file)!.FullName), cancel);
            Console.WriteLine($"replay: {result.Produced:N0} records in {result.Elapsed.TotalSeconds:F1} s ({result.Produced / result.Elapsed.TotalSeconds:N0}/s); failed {result.Failed}");
            return Task.FromResult(result.Failed == 0 ? 0 : 1);
        });
        return command;
    }
}
