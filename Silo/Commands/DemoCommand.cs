using System.CommandLine;
using GrainPipeline.Kafka.Embedded;
using GrainPipeline.Runtime.Configuration;
using GrainPipeline.Silo.Demo;
using GrainPipeline.Silo.Hosting;
using GrainPipeline.Stores.Abstractions;
using GrainPipeline.Workload.Model;
using Microsoft.Extensions.Logging;

namespace GrainPipeline.Silo.Commands;

/// <summary><c>grain-pipeline demo</c>: everything embedded, end to end, verified.</summary>
internal static class DemoCommand
{
    public static Command Create()
    {
        var events = new Option<long>("--events") { Description = "Records to produce (poison included)", DefaultValueFactory = _ => 200_000 };
        var users = new Option<int>("--users") { Description = "Distinct visitors", DefaultValueFactory = _ => 20_000 };
        var shops = new Option<int>("--shops") { Description = "Distinct shops", DefaultValueFactory = _ => 50 };
        var partitions = new Option<int>("--partitions") { Description = "Partitions of the embedded topics", DefaultValueFactory = _ => EmbeddedBrokerOptions.DefaultPartitions };
        var rate = new Option<double>("--rate") { Description = "Events per second (0 = as fast as the pipeline takes them)", DefaultValueFactory = _ => 0 };
        var poison = new Option<long>("--poison") { Description = "Bad records mixed in; each must be dead-lettered", DefaultValueFactory = _ => 0 };
        var seed = new Option<int>("--seed") { Description = "Generator seed: same seed, same events", DefaultValueFactory = _ => WorkloadSpec.DefaultSeed };
        var zipf = new Option<double>("--zipf") { Description = "Zipf exponent of user activity", DefaultValueFactory = _ => WorkloadSpec.DefaultZipfExponent };
        var summary = new Option<FileInfo?>("--summary-json") { Description = "Write the summary to this file" };
        var verbose = new Option<bool>("--verbose") { Description = "Log at Information instead of Warning" };
        var linger = new Option<double>("--linger") { Description = "Keep the dashboard up this many seconds after the run (Ctrl-C ends it)", DefaultValueFactory = _ => 0 };
        var viaCollector = new Option<bool>("--via-collector") { Description = "Send the events over HTTP through an in-process collector instead of straight to Kafka (needs --poison 0)" };
        var flags = new SiloFlags();
        var command = new Command("demo", "Run broker, generator and silo in one process, then verify the stores against the generator's ground truth. " +
            "With --stores redis-postgres|postgres and no --redis/--postgres, private servers are started on loopback ports and removed at the end")
        {
            events, users, shops, partitions, rate, poison, seed, zipf, summary, verbose, viaCollector, linger,
        };
        flags.AddTo(command);
        command.SetAction(async (parse, cancel) =>
        {
            var spec = new WorkloadSpec
            {
                Events = parse.GetValue(events),
                Users = parse.GetValue(users),
                Shops = parse.GetValue(shops),
                Poison = parse.GetValue(poison),
                Seed = parse.GetValue(seed),
                ZipfExponent = parse.GetValue(zipf),
            };
            spec.Validate();
            if (parse.GetValue(rate) < 0) throw new ArgumentException("--rate must not be negative");
            if (parse.GetValue(linger) < 0) throw new ArgumentException("--linger must not be negative");
            // The collector refuses malformed input at the door (400), so poison never reaches Kafka that way.
            if (parse.GetValue(viaCollector) && spec.Poison > 0) throw new ArgumentException("--via-collector needs --poison 0: the collector answers bad input with 400 instead of producing it");
            if (parse.GetValue(viaCollector) && parse.GetValue(rate) > 0) throw new ArgumentException("--via-collector sends as fast as the collector accepts; --rate applies only to the direct route");
            var settings = new DemoSettings(spec, parse.GetValue(partitions), parse.GetValue(rate), flags.StoreLatency(parse),
                flags.ToConfiguration(parse), parse.GetValue(summary))
            {
                ViaCollector = parse.GetValue(viaCollector),
                Dashboard = !parse.GetValue(flags.NoDashboard),
                Linger = TimeSpan.FromSeconds(parse.GetValue(linger)),
            };
            using var loggers = Logging.Create(parse.GetValue(verbose) ? LogLevel.Information : LogLevel.Warning);
            DemoSummary result;
            try
            {
                result = await new DemoRunner(settings, Console.Out, loggers).RunAsync(cancel, async summary =>
                {
                    var json = summary.ToJson();
                    Console.WriteLine(json);
                    if (settings.SummaryJson is { } file)
                    {
                        await File.WriteAllTextAsync(file.FullName, json, cancel);
                        Console.WriteLine($"summary written to {file.FullName}");
                    }
                    Console.WriteLine(summary.Passed
                        ? $"PASS: {summary.Processed:N0} processed, {summary.DeadLettered:N0} dead-lettered, nothing lost, order kept, stats exact"
                        : $"FAIL: lost={summary.Lost} orderViolations={summary.OrderViolations} statsMismatches={summary.StatsMismatches}");
                });
            }
            catch (OptionsValidationException e)
            {
                foreach (var failure in e.Failures) await Console.Error.WriteLineAsync($"demo: {failure}");
                return 2;
            }
            catch (StoreUnavailableException e)
            {
                await Console.Error.WriteLineAsync($"demo: a store is unreachable: {e.Message}");
                return 3;
            }
            catch (OperationCanceledException) when (cancel.IsCancellationRequested)
            {
                // Ctrl-C or SIGTERM: the silo, the stores and any private servers were stopped on the way out.
                await Console.Error.WriteLineAsync("demo: interrupted; nothing was verified");
                return 130;
            }
            return result.Passed ? 0 : 1;
        });
        return command;
    }
}
