using System.Diagnostics;
using GrainPipeline.Kafka.Embedded;
using GrainPipeline.Silo.Dashboard;
using GrainPipeline.Silo.Hosting;
using GrainPipeline.Silo.Verification;
using GrainPipeline.Workload.Generation;
using GrainPipeline.Workload.Producing;
using Microsoft.Extensions.Logging;

namespace GrainPipeline.Silo.Demo;

/// <summary>
/// The whole pipeline in one process: embedded broker, generator, one silo with the stores that
/// <c>--stores</c> asks for (in-memory by default; with redis-postgres or postgres and no server
/// given, private ones are started). Waits until every produced record is processed or
/// dead-lettered, stops the silo (final commit and flush), then verifies the stores (for PostgreSQL,
/// what was committed there) against the generator's ground truth.
/// </summary>
internal sealed class DemoRunner(DemoSettings settings, TextWriter output, ILoggerFactory loggers)
{
    private static readonly TimeSpan StallTimeout = TimeSpan.FromSeconds(60);
    private readonly TaskCompletionSource<Uri> _dashboardStarted = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Completes with the dashboard's address once it listens (never, when the run has no dashboard).</summary>
    public Task<Uri> DashboardStarted => _dashboardStarted.Task;

    /// <param name="whileUp">Runs with the summary while the dashboard is still up (before any linger).</param>
    public async Task<DemoSummary> RunAsync(CancellationToken cancellation, Func<DemoSummary, Task>? whileUp = null)
    {
        // Disposed in reverse: the silo (final commit, flush and state writes) before the stores,
        // the stores (batched writes finished, clients closed) before the private servers.
        await using var servers = await PrivateStoreServers.StartAsync(settings.Configuration, output, cancellation);
        using var broker = EmbeddedBroker.Start(new EmbeddedBrokerOptions { Partitions = settings.Partitions });
        output.WriteLine($"embedded broker: {broker.Bootstrap} ({settings.Partitions} partitions)");
        settings.Configuration["Ingest:Bootstrap"] = broker.Bootstrap;
        settings.Configuration.TryAdd("Silo:MemberName", "demo-silo");
        // Everything runs on this machine: the dashboard needs no other interface.
        settings.Configuration.TryAdd("Dashboard:ListenAddress", "127.0.0.1");
        var options = SiloConfiguration.Load(settings.Configuration);
        await using var stores = await StoreSets.OpenAsync(options, loggers, settings.StoreLatency, cancellation);
        await RequireEmptyAsync(stores, cancellation);
        if (stores.Kind != StoreKind.Memory) output.WriteLine($"stores: {stores.Kind.Name()}");

        await using var silo = new PipelineSilo(options, stores, loggers);
        silo.Start();
        await using var dashboard = settings.Dashboard && options.Dashboard.Enabled
            ? await SiloDashboard.StartAsync(silo, options.Dashboard, loggers, anyPortIfTaken: true, output, cancellation)
            : null;
        if (dashboard is not null)
        {
            output.WriteLine($"dashboard: {dashboard.Address}");
            _dashboardStarted.TrySetResult(dashboard.Address);
        }
        await silo.Pump.Joined.WaitAsync(TimeSpan.FromSeconds(60), cancellation);
        output.WriteLine($"silo joined group '{options.Ingest.GroupId}', owns {silo.OwnedPartitions.Count} partitions; producing {settings.Workload.Events:N0} events for {settings.Workload.Users:N0} users");

        var clock = Stopwatch.StartNew();
        WorkloadProducer? producer = null;
        var produce = new ProduceOptions
        {
            Bootstrap = broker.Bootstrap,
            RatePerSecond = settings.Rate,
            // The embedded broker drops the oldest records past ~5 MiB a partition, so the backlog
            // must stay small; twice the mean per-partition backlog allows for key skew.
            BacklogProbe = new DelegateBacklogProbe(() =>
                2 * Math.Max(0, (producer?.Produced ?? 0) - silo.Pump.Statistics.Completed) / settings.Partitions),
        };
        ProduceReport report;
        if (settings.ViaCollector)
        {
            report = await CollectorRoute.RunAsync(broker.Bootstrap, silo, settings, output, WaitForCompletionAsync, cancellation);
        }
        else
        {
            using (producer = new WorkloadProducer(produce))
            using (var progress = new ProgressPrinter(output, silo, () => producer.Produced, settings.Workload.Events))
            {
                report = await producer.RunAsync(WorkloadGenerator.Generate(settings.Workload), null, cancellation);
                await WaitForCompletionAsync(silo, report.Produced, cancellation);
                progress.PrintNow();
            }
        }
        var elapsed = clock.Elapsed;
        await silo.StopAsync();
        var writes = stores.WriteStatistics();

        output.WriteLine("verifying stores against the generator's ground truth …");
        var deadLetters = DeadLetterReader.Read(broker.Bootstrap, options.Ingest.DeadLetterTopic, TimeSpan.FromSeconds(60));
        var verification = await new PipelineVerifier(stores.Events, stores.ProductStats).VerifyAsync(settings.Workload, deadLetters, cancellation);
        var problems = verification.Samples.ToList();
        if (report.Failed > 0) problems.Add($"{report.Failed} records could not be produced");
        var acknowledged = silo.DeadLetters.Total;
        if (verification.DeadLettered < acknowledged)
            problems.Add($"the dead-letter topic holds {verification.DeadLettered} of the {acknowledged} dead letters the broker acknowledged; " +
                         $"{deadLetters.Trimmed} were dropped by the broker's retention (the embedded broker keeps ~5 MiB a partition)");
        var runtime = silo.Runtime.Statistics;
        var summary = new DemoSummary
        {
            Produced = report.Produced,
            Processed = silo.Pump.Processed,
            DeadLettered = acknowledged,
            DeadLettersReadBack = verification.DeadLettered,
            ExpectedPoison = verification.ExpectedPoison,
            DeadLettersByReason = silo.DeadLetters.CountsByReason,
            DuplicatesSkipped = silo.Counters.Duplicates,
            Lost = verification.Lost,
            OrderViolations = verification.OrderViolations,
            StatsMismatches = verification.StatsMismatches,
            StatCellsChecked = verification.StatCellsChecked,
            EventsPerSecond = Math.Round(report.Produced / elapsed.TotalSeconds, 1),
            ElapsedSeconds = Math.Round(elapsed.TotalSeconds, 2),
            PeakRssMiB = Math.Round(ProcessMemory.PeakRssMiB(), 1),
            PeakActivations = runtime.PeakActivations,
            Deactivations = runtime.Deactivations,
            PausedMs = Math.Round(silo.Pump.Statistics.PausedTime.TotalMilliseconds, 1),
            PeakInFlightMessages = silo.Pump.Budget.PeakMessages,
            PeakInFlightBytes = silo.Pump.Budget.PeakBytes,
            MaxInFlightMessages = silo.Pump.Budget.MaxMessages,
            MaxInFlightBytes = silo.Pump.Budget.MaxBytes,
            Stores = writes.Stores,
            StoreWrites = writes,
            Problems = problems,
        };
        if (whileUp is not null) await whileUp(summary);
        if (dashboard is not null && settings.Linger > TimeSpan.Zero)
        {
            output.WriteLine($"dashboard stays up at {dashboard.Address} for {settings.Linger.TotalSeconds:F0} s (Ctrl-C ends it)");
            try
            {
                await Task.Delay(settings.Linger, cancellation);
            }
            catch (OperationCanceledException)
            {
                // Ctrl-C: done looking.
            }
        }
        return summary;
    }

    /// <summary>
    /// The verifier compares the stores with this run's ground truth, so a PostgreSQL database that
    /// already holds events or product stats (an earlier run's) would fail it for the wrong reason.
    /// </summary>
    private static async Task RequireEmptyAsync(StoreSet stores, CancellationToken cancellation)
    {
        if (stores.Postgres is not { } postgres) return;
        await using var command = postgres.Context.DataSource.CreateCommand(
            "SELECT EXISTS (SELECT 1 FROM events) OR EXISTS (SELECT 1 FROM product_stats)");
        if (await command.ExecuteScalarAsync(cancellation) is true)
            throw new InvalidOperationException(
                "The demo verifies the stores against its own events, but this PostgreSQL database already holds events or product_stats. " +
                "Point --postgres at an empty database, or leave it out to use a private server.");
    }

    /// <summary>Waits until the silo completed as many records as were produced; fails if progress stalls.</summary>
    private static async Task WaitForCompletionAsync(PipelineSilo silo, long produced, CancellationToken cancellation)
    {
        var lastCompleted = -1L;
        var lastProgress = Stopwatch.StartNew();
        while (silo.Pump.Statistics.Completed < produced || silo.Pump.Budget.InFlightMessages > 0)
        {
            var completed = silo.Pump.Statistics.Completed;
            if (completed != lastCompleted)
            {
                lastCompleted = completed;
                lastProgress.Restart();
            }
            else if (lastProgress.Elapsed > StallTimeout)
            {
                throw new TimeoutException($"No progress for {StallTimeout.TotalSeconds:F0} s: {completed:N0} of {produced:N0} records completed, {silo.Pump.Budget.InFlightMessages} in flight.");
            }
            await Task.Delay(20, cancellation);
        }
    }
}
