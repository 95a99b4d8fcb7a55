using System.CommandLine;
using GrainPipeline.Dashboard.Hosting;
using GrainPipeline.Silo.Dashboard;
using GrainPipeline.Silo.Demo;
using GrainPipeline.Silo.Hosting;
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
        var verbose = new Option<bool>("--verbose") { Description = "Log at Information instead of Warning" };
        var summary = new Option<FileInfo?>("--summary-json") { Description = "On exit, write what this silo did (throughput, latency percentiles, peak RSS, CPU) to this file" };
        var flags = new SiloFlags();
        var command = new Command("silo", "Run one silo (ingest pump, grains, stages) against an existing Kafka broker")
        {
            bootstrap, name, exitWhenIdle, verbose, summary,
        };
        flags.AddTo(command);
        command.SetAction(async (parse, cancel) =>
        {
            var configuration = flags.ToConfiguration(parse);
            configuration["Ingest:Bootstrap"] = parse.GetValue(bootstrap);
            if (parse.GetValue(name) is { } member) configuration["Silo:MemberName"] = member;
            var options = SiloConfiguration.Load(configuration);
            using var loggers = Logging.Create(parse.GetValue(verbose) ? LogLevel.Information : LogLevel.Warning);
            await using var silo = new PipelineSilo(options, StoreSet.InMemory(flags.StoreLatency(parse)), loggers);
            silo.Start();
            Console.WriteLine($"silo '{options.MemberName}' consuming '{options.Ingest.Topic}' from {options.Ingest.Bootstrap} as group '{options.Ingest.GroupId}'");
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
                    await WaitAsync(silo, parse.GetValue(exitWhenIdle), cancel);
                }
                await silo.StopAsync();
            }
            var result = SiloRunSummary.Of(silo);
            Console.WriteLine($"silo stopped: consumed {result.Consumed:N0}, processed {result.Processed:N0}, dead-lettered {result.DeadLettered:N0}, " +
                              $"{result.EventsPerSecond:N0} events/s, p99 {result.P99Ms} ms, peak RSS {result.PeakRssMiB:F0} MiB");
            if (parse.GetValue(summary) is { } file) await File.WriteAllTextAsync(file.FullName, result.ToJson(), cancel);
            return 0;
        });
        return command;
    }

    private static async Task WaitAsync(PipelineSilo silo, double? exitWhenIdleSeconds, CancellationToken cancel)
    {
        try
        {
            if (exitWhenIdleSeconds is not { } idle)
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
                if (consumed != last || silo.Pump.Budget.InFlightMessages > 0) (last, quietSince) = (consumed, DateTime.UtcNow);
                else if (consumed > 0 && (DateTime.UtcNow - quietSince).TotalSeconds >= idle) return;
            }
        }
        catch (OperationCanceledException)
        {
            // Ctrl-C or SIGTERM: stop gracefully.
        }
    }
}
