using GrainPipeline.Observability.Histograms;

namespace GrainPipeline.Dashboard.Sources;

/// <summary>
/// The silo's running totals and gauges at one moment. The sampler subtracts consecutive readings
/// for rates (events/s) and interval percentiles (end-to-end p50/p99 of the last second).
/// </summary>
public sealed record SiloCounters
{
    public long Consumed { get; init; }
    public long Completed { get; init; }
    public long Processed { get; init; }
    public long DeadLettered { get; init; }
    public long Duplicates { get; init; }
    public HistogramSnapshot EndToEnd { get; init; } = HistogramSnapshot.Empty;

    public long InFlightMessages { get; init; }
    public long InFlightBytes { get; init; }
    public long MaxInFlightMessages { get; init; }
    public long MaxInFlightBytes { get; init; }
    public int PausedPartitions { get; init; }
    public double PausedMs { get; init; }
    public long TotalLag { get; init; }

    public int Activations { get; init; }
    public long Activated { get; init; }
    public long Deactivations { get; init; }
    public IReadOnlyDictionary<string, int> ActivationsByType { get; init; } = new Dictionary<string, int>();

    public IReadOnlyList<CallCounters> Stages { get; init; } = [];
    public IReadOnlyList<CallCounters> Stores { get; init; } = [];

    public long CellsFlushed { get; init; }
}

/// <summary>Totals of one stage or store; <see cref="Duration"/> is null for stores.</summary>
public sealed record CallCounters(string Name, long Calls, long Errors, long Timeouts, HistogramSnapshot? Duration);
