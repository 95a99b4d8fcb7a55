namespace GrainPipeline.Runtime.Diagnostics;

/// <summary>
/// Names of every instrument a silo publishes on its one <see cref="System.Diagnostics.Metrics.Meter"/>,
/// in one place so dashboards and alerts have one list to read. Prometheus (the silo's
/// <c>/metrics</c>) shows them with dots as underscores, counters suffixed <c>_total</c> and a unit
/// suffix (<c>grainpipeline_ingest_consumed_total</c>, <c>grainpipeline_runtime_turn_duration_milliseconds</c>).
/// Tags are bounded sets only (reason, stage, store, partition, grain type): never a user, shop or grain key.
/// </summary>
public static class InstrumentNames
{
    // Runtime (RuntimeInstruments)
    public const string ActivationsCreated = "grainpipeline.runtime.activations.created";
    public const string Deactivations = "grainpipeline.runtime.deactivations";
    public const string TurnDuration = "grainpipeline.runtime.turn.duration";
    public const string QueuedCalls = "grainpipeline.runtime.calls.queued";
    public const string JoinedCalls = "grainpipeline.runtime.calls.joined";
    public const string Activations = "grainpipeline.runtime.activations";
    public const string StateReadRetries = "grainpipeline.runtime.state_read.retries";
    public const string DeactivationFailures = "grainpipeline.runtime.deactivation.failures";

    // Ingest (IngestStatistics, DeadLetterPublisher)
    public const string Consumed = "grainpipeline.ingest.consumed";
    public const string Completed = "grainpipeline.ingest.completed";
    public const string SkippedRecords = "grainpipeline.ingest.skipped_records";
    public const string CommitDuration = "grainpipeline.ingest.commit.duration";
    public const string EndToEnd = "grainpipeline.ingest.end_to_end";
    public const string PausedPartitions = "grainpipeline.ingest.paused_partitions";
    public const string Lag = "grainpipeline.ingest.lag";
    public const string PausedTime = "grainpipeline.ingest.paused_time";
    public const string DeadLettered = "grainpipeline.ingest.dead_lettered";
    public const string InFlightMessages = "grainpipeline.ingest.inflight.messages";
    public const string InFlightBytes = "grainpipeline.ingest.inflight.bytes";

    // Stages and stores (PipelineCounters)
    public const string Processed = "grainpipeline.stages.events.processed";
    public const string Duplicates = "grainpipeline.stages.events.duplicates";
    public const string StoreRetries = "grainpipeline.stages.store.retries";
    public const string StageErrors = "grainpipeline.stages.errors";
    public const string StageDuration = "grainpipeline.stages.duration";
    public const string StoreTimeouts = "grainpipeline.stores.timeouts";
    public const string StoreErrors = "grainpipeline.stores.errors";

    // Flusher (FlusherStatistics)
    public const string FlushedCells = "grainpipeline.flusher.cells";
    public const string FlushBatchDuration = "grainpipeline.flusher.batch.duration";
}
