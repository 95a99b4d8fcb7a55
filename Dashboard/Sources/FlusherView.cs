using GrainPipeline.Observability.Histograms;

namespace GrainPipeline.Dashboard.Sources;

/// <summary>The product-stats flushers: totals, batch timings, the last flush of each partition (empty or not) and the latest flushes that moved cells.</summary>
public sealed record FlusherView(
    long Flushes, long Batches, long CellsFlushed, int BatchSize, TimeSpan Period,
    HistogramSnapshot BatchDuration,
    IReadOnlyList<FlushView> LastByPartition,
    IReadOnlyList<FlushView> Recent)
{
    /// <summary>Flushes that reached their time bound (a period, or a deactivation's deadline) before the buffer was empty.</summary>
    public long FlushesCutShort { get; init; }
}

public sealed record FlushView(int Partition, DateTimeOffset At, int Cells, int Batches, double DurationMs);
