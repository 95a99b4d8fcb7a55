namespace GrainPipeline.Dashboard.Sampling;

/// <summary>Names of the sampled series, as the JSON API and the page use them.</summary>
public static class SeriesNames
{
    public const string EventsPerSecond = "events_per_s";
    public const string ConsumedPerSecond = "consumed_per_s";
    public const string ProcessedPerSecond = "processed_per_s";
    public const string DeadLetteredPerSecond = "dead_lettered_per_s";
    public const string ErrorRatePercent = "error_rate_pct";
    public const string EndToEndP50 = "e2e_p50_ms";
    public const string EndToEndP99 = "e2e_p99_ms";

    public const string InFlightMessages = "inflight_messages";
    public const string InFlightBytes = "inflight_bytes";
    public const string PausedPartitions = "paused_partitions";
    public const string TotalLag = "lag_total";

    public const string Activations = "activations";
    public const string ActivationsPerSecond = "activations_per_s";
    public const string DeactivationsPerSecond = "deactivations_per_s";

    /// <summary>Prefix of the live activations of one grain type: <c>activations:user</c>.</summary>
    public const string ActivationsOfType = "activations:";

    /// <summary>Prefix of a stage's calls per second: <c>stage_calls:index</c>.</summary>
    public const string StageCalls = "stage_calls:";

    /// <summary>Prefix of a stage's p99 duration over the interval: <c>stage_p99:index</c>.</summary>
    public const string StageP99 = "stage_p99:";

    public const string RssMiB = "rss_mib";
    public const string GcHeapMiB = "gc_heap_mib";
    public const string Gen0PerSecond = "gen0_per_s";
    public const string Gen1PerSecond = "gen1_per_s";
    public const string Gen2PerSecond = "gen2_per_s";

    public const string CellsFlushedPerSecond = "cells_flushed_per_s";
}
