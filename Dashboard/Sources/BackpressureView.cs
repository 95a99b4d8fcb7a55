namespace GrainPipeline.Dashboard.Sources;

/// <summary>The ingest budget against its limits, pausing, and per-partition progress.</summary>
public sealed record BackpressureView(
    long InFlightMessages, long MaxInFlightMessages, long PeakInFlightMessages,
    long InFlightBytes, long MaxInFlightBytes, long PeakInFlightBytes,
    int PausedPartitions, double PausedMs,
    IReadOnlyList<PartitionView> Partitions);

/// <summary>One owned partition: records behind the end, and the last offset this silo committed (null before the first commit).</summary>
public sealed record PartitionView(int Partition, long? Lag, long? Committed);
