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
    public static Command Create()
    {
        var bootstrap = new Option<string>("--bootstrap") { Description = "Kafka bootstrap servers (Ingest:Bootstrap)", Required = true };
        var name = new Option<string?>("--name") { Description = "Member name in logs and client ids (Silo:MemberName)" };
        var exitWhenIdle = new Option<double?>("--exit-when-idle") { Description = "Stop after this many seconds without a new record (for benchmarks and scripts)" };
        var verbose = new Option<bool>("--verbose") { Description = "Log at Information instead of Warning" };
        var flags = new SiloFlags();
        var command = new Command("silo", "Run one silo (ingest pump, grains, stages) against an existing Kafka broker")
        {
            bootstrap, name, exitWhenIdle, verbose,
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
            Console.WriteLine($"silo stopped: consumed {silo.Pump.Statistics.Consumed:N0}, processed {silo.Pump.Processed:N0}, dead-lettered {silo.DeadLetters.Total:N0}, peak RSS {ProcessMemory.PeakRssMiB():F0} MiB");
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
