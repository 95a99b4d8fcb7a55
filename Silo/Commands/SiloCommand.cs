using System.CommandLine;
using GrainPipeline.Dashboard.Hosting;
using GrainPipeline.Kafka.Security;
using GrainPipeline.Runtime.Configuration;
using GrainPipeline.Silo.Dashboard;
using GrainPipeline.Silo.Demo;
using GrainPipeline.Silo.Hosting;
using GrainPipeline.Stores.Abstractions;
using Microsoft.Extensions.Logging;

namespace GrainPipeline.Silo.Commands;

/// <summary><c>grain-pipeline silo</c>: one silo against an existing broker, until Ctrl-C/SIGTERM.</summary>
internal static class SiloCommand
{
    /// <summary>Printed once the first partitions are assigned; the bench waits for it before sending.</summary>
    public const string JoinedLine = "silo joined the group";

    public static Command Create()
    {
        var bootstrap = new Option<string>("--bootstrap") { Description = "Kafka bootstrap servers (Ingest:Bootstrap)", Required = true };
        var name = new Option<string?>("--name") { Description = "Member name in logs and client ids (Silo:MemberName)" };
        var exitWhenIdle = new Option<double?>("--exit-when-idle") { Description = "Stop after this many seconds without a new record (for benchmarks and scripts)" };
        var exitAfter = new Option<long?>("--exit-after") { Description = "Stop once this many records were taken in and none is in flight (for benchmarks; --exit-when-idle still applies)" };
        var verbose = new Option<bool>("--verbose") { Description = "Log at Information instead of Warning" };
        var summary = new Option<FileInfo?>("--summary-json") { Description = "On exit, write what this silo did (throughput, latency percentiles, peak RSS, CPU) to this file" };
        var singleSilo = new Option<bool>("--single-silo")
        {
            Description = "Confirm this is the consumer group's only silo (Silo:SingleSilo); required with --stores memory, whose state no other silo can see",
        };
        var flags = new SiloFlags();
        var command = new Command("silo", "Run one silo (ingest pump, grains, stages) against an existing Kafka broker")
        {
            bootstrap, name, exitWhenIdle, exitAfter, verbose, summary, singleSilo,
        };
        flags.AddTo(command);
        command.SetAction(async (parse, cancel) =>
        {
            var configuration = flags.ToConfiguration(parse);
            configuration["Ingest:Bootstrap"] = parse.GetValue(bootstrap);
            if (parse.GetValue(name) is { } member) configuration["Silo:MemberName"] = member;
            if (parse.GetValue(singleSilo)) configuration["Silo:SingleSilo"] = "true";
            PipelineSiloOptions options;
            try
            {
                options = LoadOptions(configuration);
            }
            catch (OptionsValidationException e)
            {
                foreach (var failure in e.Failures) await Console.Error.WriteLineAsync($"silo: {failure}");
                return 2;
            }

            using var loggers = Logging.Create(parse.GetValue(verbose) ? LogLevel.Information : LogLevel.Warning);
            StoreSet stores;
            try
            {
                stores = await StoreSets.OpenAsync(options, loggers, flags.StoreLatency(parse), cancel);
            }
            catch (OptionsValidationException e)
            {
                foreach (var failure in e.Failures) await Console.Error.WriteLineAsync($"silo: {failure}");
                return 2;
            }
            catch (StoreUnavailableException e)
            {
                await Console.Error.WriteLineAsync($"silo: a store is unreachable: {e.Message}");
                return 3;
            }

            // Disposed in reverse: the silo stops (drain, commit, final flush, grain state written) before the stores close.
            await using (stores)
            {
                PipelineSilo created;
                try
                {
                    created = new PipelineSilo(options, stores, loggers);
                }
                catch (KafkaSettingsRefusedException e)
                {
                    await Console.Error.WriteLineAsync($"silo: {e.Message}");
                    return 2;
                }
                await using var silo = created;
                silo.Start();
                Console.WriteLine($"silo '{options.MemberName}' consuming '{options.Ingest.Topic}' from {options.Ingest.Bootstrap} as group '{options.Ingest.GroupId}'; stores: {Describe(options)}");
                _ = silo.Pump.Joined.ContinueWith(_ => Console.WriteLine(JoinedLine), TaskScheduler.Default);
                SiloDashboard? dashboard = null;
                try
                {
                    if (options.Dashboard.Enabled)
                    {
                        dashboard = await SiloDashboard.StartAsync(silo, options.Dashboard, loggers, anyPortIfTaken: false, Console.Out, cancel);
                        Console.WriteLine($"dashboard: {dashboard.Address}  (/metrics, /healthz, /readyz{(options.Dashboard.RequiresAuthentication ? "; authentication required" : "")})");
                    }
                }
                catch (DashboardPortInUseException e)
                {
                    await Console.Error.WriteLineAsync(e.Message);
                    await silo.StopAsync();
                    return 2;
                }
                await using (dashboard)
                {
                    using (new ProgressPrinter(Console.Out, silo, () => silo.Pump.Statistics.Consumed, 0))
                    {
                        await WaitAsync(silo, parse.GetValue(exitWhenIdle), parse.GetValue(exitAfter), cancel);
                    }
                    await silo.StopAsync();
                }
                var result = SiloRunSummary.Of(silo);
                Console.WriteLine($"silo stopped: consumed {result.Consumed:N0}, processed {result.Processed:N0}, dead-lettered {result.DeadLettered:N0}, " +
                                  $"{result.EventsPerSecond:N0} events/s, p99 {result.P99Ms} ms, peak RSS {result.PeakRssMiB:F0} MiB");
                if (parse.GetValue(summary) is { } file) await File.WriteAllTextAsync(file.FullName, result.ToJson(), CancellationToken.None);
            }
            return 0;
        });
        return command;
    }

    /// <summary>
    /// Binds and validates, then applies the cluster rule: separate silo processes cannot share memory
    /// stores, so memory needs <c>--single-silo</c>, and Redis must be named rather than defaulted.
    /// </summary>
    internal static PipelineSiloOptions LoadOptions(IDictionary<string, string?> configuration)
    {
        var merged = SiloConfiguration.Build(configuration);
        var kind = SiloConfiguration.StoreKindOf(merged);
        var problems = new List<string>();
        if (kind.UsesRedis() && !SiloConfiguration.RedisEndpointGiven(merged))
            problems.Add($"--stores {kind.Name()} needs the Redis server: pass --redis host:port (or set Redis:Host and Redis:Port).");
        if (kind.UsesPostgres() && !SiloConfiguration.PostgresConnectionGiven(merged))
            problems.Add($"--stores {kind.Name()} needs PostgreSQL: pass --postgres \"Host=…;Username=…;Database=…\" (or set Postgres:ConnectionString).");
        OptionsValidationException.ThrowIfAny(problems);
        var options = SiloConfiguration.Load(configuration);
        if (options.Stores == StoreKind.Memory && !options.SingleSilo)
        {
            throw new OptionsValidationException(
            [
                "Silo:Stores is memory: grain state, reminders and the stats buffer would live in this process only, so a second silo " +
                "in the consumer group would work from other state and lose stats on hand-over. For a cluster use --stores redis-postgres " +
                "--redis host:port --postgres \"…\"; to run this silo alone, pass --single-silo (Silo:SingleSilo=true).",
            ]);
        }
        return options;
    }

    private static string Describe(PipelineSiloOptions options) => options.Stores switch
    {
        StoreKind.RedisPostgres => $"redis-postgres (Redis {options.Redis.Host}:{options.Redis.Port}, PostgreSQL {PostgresServer(options)})",
        StoreKind.Postgres => $"postgres ({PostgresServer(options)})",
        _ => "memory (single silo)",
    };

    private static string PostgresServer(PipelineSiloOptions options)
    {
        var builder = new Npgsql.NpgsqlConnectionStringBuilder(options.Postgres.ConnectionString);
        return $"{builder.Host}:{builder.Port}/{builder.Database}";
    }

    private static async Task WaitAsync(PipelineSilo silo, double? exitWhenIdleSeconds, long? exitAfter, CancellationToken cancel)
    {
        try
        {
            if (exitWhenIdleSeconds is null && exitAfter is null)
            {
                await Task.Delay(Timeout.Infinite, cancel);
                return;
            }
            var last = -1L;
            var quietSince = DateTime.UtcNow;
            while (true)
            {
                await Task.Delay(100, cancel);
                var consumed = silo.Pump.Statistics.Consumed;
                var inFlight = silo.Pump.Budget.InFlightMessages > 0;
                if (exitAfter is { } count && consumed >= count && !inFlight) return;
                if (consumed != last || inFlight) (last, quietSince) = (consumed, DateTime.UtcNow);
                else if (exitWhenIdleSeconds is { } idle && consumed > 0 && (DateTime.UtcNow - quietSince).TotalSeconds >= idle) return;
            }
        }
        catch (OperationCanceledException)
        {
            // Ctrl-C or SIGTERM: stop gracefully.
        }
    }
}
