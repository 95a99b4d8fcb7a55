using System.CommandLine;
using GrainPipeline.Runtime.Configuration;
using GrainPipeline.Silo.Bench;
using GrainPipeline.Silo.Hosting;
using GrainPipeline.Workload.Model;

namespace GrainPipeline.Silo.Commands;

/// <summary>
/// <c>grain-pipeline bench</c>: B0 against the pipeline on the same data, broker and producer in other
/// processes; in-memory stores, and with <c>--stores redis-postgres</c> also Redis and PostgreSQL.
/// </summary>
internal static class BenchCommand
{
    public static Command Create()
    {
        var events = new Option<long>("--events") { Description = "Events for the memory run", DefaultValueFactory = _ => 1_000_000 };
        var drain = new Option<long?>("--throughput-events")
        {
            Description = $"Events pre-filled for the throughput runs, and sent in the latency runs (default: --events, at most {BenchSettings.DefaultThroughputEvents:N0}, which fits the embedded broker's retention)",
        };
        var users = new Option<int>("--users") { Description = "Distinct visitors (Zipf-skewed)", DefaultValueFactory = _ => 100_000 };
        var shops = new Option<int>("--shops") { Description = "Distinct shops", DefaultValueFactory = _ => 50 };
        var seed = new Option<int>("--seed") { Description = "Generator seed", DefaultValueFactory = _ => WorkloadSpec.DefaultSeed };
        var stores = new Option<string>("--stores")
        {
            Description = "memory: B0 and the pipeline on in-memory stores. redis-postgres: the same, then the pipeline again on Redis and PostgreSQL " +
                          "(private servers unless --redis/--postgres or the Redis/Postgres configuration name them), reported side by side",
            DefaultValueFactory = _ => StoreKinds.Memory,
        };
        stores.AcceptOnlyFromAmong(StoreKinds.Memory, StoreKinds.RedisPostgres);
        var siloFlags = new SiloFlags();
        var work = new Option<DirectoryInfo>("--work-dir") { Description = "Where record files, logs and per-run summaries go", DefaultValueFactory = _ => new DirectoryInfo(Path.Combine(Path.GetTempPath(), "grain-pipeline-bench")) };
        var summary = new Option<FileInfo?>("--summary-json") { Description = "Write the bench summary to this file" };
        var command = new Command("bench", "Measure the pipeline against a bare consumer (B0): throughput, peak RSS, latency percentiles, CPU per million; " +
                                           "on in-memory stores, and with --stores redis-postgres also on Redis and PostgreSQL. Exits 1 when a run lost events")
        {
            events, drain, users, shops, seed, stores, siloFlags.Redis, siloFlags.Postgres, work, summary,
        };
        command.SetAction(async (parse, cancel) =>
        {
            var storeKind = parse.GetValue(stores)!;
            var memoryEvents = parse.GetValue(events);
            var throughputEvents = parse.GetValue(drain) ?? Math.Min(memoryEvents, BenchSettings.DefaultThroughputEvents);
            if (memoryEvents < 1 || throughputEvents < 1) throw new ArgumentException("--events and --throughput-events must be at least 1");
            var storeConfiguration = siloFlags.ToConfiguration(parse);
            if (storeConfiguration.Count > 0 && storeKind != StoreKinds.RedisPostgres)
            {
                await Console.Error.WriteLineAsync("bench: --redis and --postgres are for --stores redis-postgres");
                return 2;
            }
            var settings = new BenchSettings(memoryEvents, throughputEvents, parse.GetValue(users), parse.GetValue(shops), parse.GetValue(seed),
                storeKind, storeConfiguration, parse.GetValue(work)!.FullName,
                new Dictionary<string, string> { ["Ingest__CommitInterval"] = "00:00:00.200" });
            BenchSummary result;
            try
            {
                result = await new BenchRunner(settings, Console.Out).RunAsync(cancel);
            }
            catch (OperationCanceledException) when (cancel.IsCancellationRequested)
            {
                // The child processes were ended and any private servers stopped and removed on the way out.
                await Console.Error.WriteLineAsync("bench: interrupted; nothing was measured to the end");
                return 130;
            }
            catch (OptionsValidationException e)
            {
                foreach (var failure in e.Failures) await Console.Error.WriteLineAsync($"bench: {failure}");
                return 2;
            }
            var json = result.ToJson();
            Console.WriteLine(json);
            if (parse.GetValue(summary) is { } file)
            {
                await File.WriteAllTextAsync(file.FullName, json, CancellationToken.None);
                Console.WriteLine($"summary written to {file.FullName}");
            }
            foreach (var problem in result.Problems) await Console.Error.WriteLineAsync($"bench: {problem}");
            return result.Problems.Count == 0 ? 0 : 1;
        });
        return command;
    }
}
