using System.CommandLine;
using GrainPipeline.Silo.Bench;
using GrainPipeline.Workload.Model;

namespace GrainPipeline.Silo.Commands;

/// <summary><c>grain-pipeline bench</c>: B0 against the pipeline on the same data, broker and producer in other processes.</summary>
internal static class BenchCommand
{
    public static Command Create()
    {
        var events = new Option<long>("--events") { Description = "Events for the memory run", DefaultValueFactory = _ => 1_000_000 };
        var drain = new Option<long>("--throughput-events") { Description = "Events pre-filled for the throughput runs (must fit the embedded broker's retention)", DefaultValueFactory = _ => 150_000 };
        var users = new Option<int>("--users") { Description = "Distinct visitors (Zipf-skewed)", DefaultValueFactory = _ => 100_000 };
        var shops = new Option<int>("--shops") { Description = "Distinct shops", DefaultValueFactory = _ => 50 };
        var seed = new Option<int>("--seed") { Description = "Generator seed", DefaultValueFactory = _ => WorkloadSpec.DefaultSeed };
        var stores = new Option<string>("--stores") { Description = "Stores of the measured silo: memory (or redis-postgres when wired)", DefaultValueFactory = _ => "memory" };
        var work = new Option<DirectoryInfo>("--work-dir") { Description = "Where record files, logs and per-run summaries go", DefaultValueFactory = _ => new DirectoryInfo(Path.Combine(Path.GetTempPath(), "grain-pipeline-bench")) };
        var summary = new Option<FileInfo?>("--summary-json") { Description = "Write the bench summary to this file" };
        var command = new Command("bench", "Measure the pipeline against a bare consumer (B0): throughput, peak RSS, latency percentiles, CPU per million")
        {
            events, drain, users, shops, seed, stores, work, summary,
        };
        command.SetAction(async (parse, cancel) =>
        {
            var storeKind = parse.GetValue(stores)!;
            var settings = new BenchSettings(parse.GetValue(events), parse.GetValue(drain), parse.GetValue(users), parse.GetValue(shops),
                parse.GetValue(seed), storeKind, storeKind == "memory" ? "--single-silo --no-dashboard" : $"--stores {storeKind} --no-dashboard", parse.GetValue(work)!.FullName,
                new Dictionary<string, string> { ["Ingest__CommitInterval"] = "00:00:00.200" });
            var result = await new BenchRunner(settings, Console.Out).RunAsync();
            var json = result.ToJson();
            Console.WriteLine(json);
            if (parse.GetValue(summary) is { } file) await File.WriteAllTextAsync(file.FullName, json, cancel);
            return 0;
        });
        return command;
    }
}
