using System.Diagnostics.Metrics;
using GrainPipeline.Grains.Flushing;
using GrainPipeline.Grains.Hosting;
using GrainPipeline.Grains.Stages;
using GrainPipeline.Grains.User;
using GrainPipeline.Ingest.Configuration;
using GrainPipeline.Ingest.DeadLetters;
using GrainPipeline.Ingest.Diagnostics;
using GrainPipeline.Ingest.Pump;
using GrainPipeline.Kafka.Native;
using GrainPipeline.Runtime.Catalog;
using GrainPipeline.Runtime.Configuration;
using GrainPipeline.Runtime.Hosting;
using Microsoft.Extensions.Logging;

namespace GrainPipeline.Silo.Hosting;

/// <summary>
/// One silo: the grain runtime with the pipeline's grains, the stages and their background pool,
/// the dead-letter producer and the ingest pump. Start joins the consumer group; Stop drains,
/// commits, deactivates every grain (state written), then releases the shared clients.
/// </summary>
public sealed partial class PipelineSilo : IAsyncDisposable
{
    private readonly ILogger _logger;
    private readonly CancellationTokenSource _stopping = new();
    private readonly BackgroundStagePool _background;
    private readonly DeadLetterPublisher _deadLetters;
    private readonly SiloPartitionLifecycle _lifecycle;
    private bool _stopped;

    public PipelineSilo(PipelineSiloOptions options, StoreSet stores, ILoggerFactory loggers, TimeProvider? clock = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(stores);
        ArgumentNullException.ThrowIfNull(loggers);
        OptionsValidationException.ThrowIfAny(options.Validate());
        MemoryBudget = MemoryBudget.For(options);
        MemoryBudget.ThrowIfOverLimit(options);
        KafkaNativeLibrary.EnsureLoaded();
        Options = options;
        Stores = stores;
        _logger = loggers.CreateLogger<PipelineSilo>();
        Meter = new Meter("GrainPipeline." + options.MemberName);

        Counters = new PipelineCounters(Meter);
        var runner = new StageRunner(options.Stages, Counters, _stopping.Token);
        _background = new BackgroundStagePool(options.Stages, Counters);
        var stages = new UserStages(
            new IndexStage(stores.Events, runner, options.Stages, Counters),
            new AdLeadStage(stores.AdLeads, runner, options.Stages),
            new AttributionStage(stores.Attributions, runner, options.Stages),
            new CustomerStage(stores.Customers, stores.WeeklyVisitors, runner, options.Stages),
            new ProductStatsStage(stores.StatsBuffer, runner, options.Stages),
            _background,
            Counters);

        Flusher = new FlusherStatistics(Meter, Counters);
        var owned = new OwnedPartitions();
        var registry = new GrainTypeRegistry().AddPipelineGrains(stages, stores.StatsBuffer, stores.ProductStats, options.Flusher, Flusher, owned.Contains);
        Runtime = new GrainRuntime(registry, stores.GrainStorage, options.Runtime, options.GrainStorage, clock, loggers, Meter);
        _lifecycle = new SiloPartitionLifecycle(Runtime, owned);
        Runtime.UseReminders(stores.Reminders, _lifecycle.IsOwned, options.Reminders);

        _deadLetters = new DeadLetterPublisher(KafkaConfigs.DeadLetterProducer(options.Ingest, options.Kafka, options.MemberName),
            options.Ingest.DeadLetterTopic, Meter, loggers.CreateLogger<DeadLetterPublisher>());
        Pump = new IngestPump(options.Ingest, options.Kafka, Runtime.GrainFactory, _lifecycle, _deadLetters, new IngestStatistics(Meter),
            loggers.CreateLogger<IngestPump>(), options.MemberName);
    }

    public PipelineSiloOptions Options { get; }
    public MemoryBudget MemoryBudget { get; }
    public StoreSet Stores { get; }
    public Meter Meter { get; }
    public GrainRuntime Runtime { get; }
    public IngestPump Pump { get; }
    public PipelineCounters Counters { get; }
    public FlusherStatistics Flusher { get; }
    public DeadLetterPublisher DeadLetters => _deadLetters;
    public IReadOnlyCollection<int> OwnedPartitions => _lifecycle.Owned;

    /// <summary>True when a reminder of this grain ticks on this silo (the dashboard's reminder table says so).</summary>
    internal bool OwnsReminderTarget(Runtime.GrainId grainId) => _lifecycle.IsOwned(grainId);

    /// <summary>Raised when this silo's partitions change.</summary>
    public event Action? AssignmentChanged
    {
        add => _lifecycle.AssignmentChanged += value;
        remove => _lifecycle.AssignmentChanged -= value;
    }

    public void Start()
    {
        Runtime.Start();
        Pump.Start();
    }

    public async Task StopAsync()
    {
        if (_stopped) return;
        _stopped = true;
        var cutShortBefore = Flusher.FinalFlushesCutShort;
        await Pump.StopAsync();
        // The pump has made its last commits: whatever is still in flight (its drain timed out,
        // say in a store outage) is the next owner's. Stage retries end now, so a turn stuck in one
        // cannot hold up the deactivations that write every grain's state.
        await _stopping.CancelAsync();
        await Runtime.StopAsync();
        if (Flusher.FinalFlushesCutShort - cutShortBefore is var cutShort and > 0)
        {
            LogFinalFlushesCutShort(_logger, cutShort, Options.Flusher.HandOverTimeout,
                Options.Stores == StoreKind.Memory ? "are lost with this process: the buffer is in memory" : "stay in the buffer for the partitions' next owner");
        }
        await _background.DisposeAsync();
        _deadLetters.Dispose();
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Count} final product-stats flushes reached Flusher:HandOverTimeout ({Timeout}) before their buffer was empty; the cells left {Fate}")]
    private static partial void LogFinalFlushesCutShort(ILogger logger, long count, TimeSpan timeout, string fate);

    /// <summary>
    /// Test hook for a crash (the TestCluster's kill): stages fail fast so no further store write
    /// happens, the pump stops without committing or leaving the group, and no grain writes state.
    /// </summary>
    public async Task KillAsync()
    {
        if (_stopped) return;
        _stopped = true;
        await _stopping.CancelAsync();
        await Pump.AbandonAsync();
        await Runtime.AbandonAsync();
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        _stopping.Dispose();
        Meter.Dispose();
    }
}
