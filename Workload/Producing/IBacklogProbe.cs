namespace GrainPipeline.Workload.Producing;

/// <summary>
/// How far the consumers are behind, so a producer can stop before the broker has to drop records.
/// The embedded broker keeps only ~5 MiB per partition and silently discards the oldest beyond that,
/// so the number that matters is the backlog of the busiest partition, not the total.
/// </summary>
/// <remarks>
/// Called by the producing loop before every record, from one thread; it must be cheap, so an
/// implementation that asks the broker should cache its answer for a short interval.
/// </remarks>
public interface IBacklogProbe
{
    /// <summary>The largest number of records written to one partition and not yet consumed.</summary>
    long HighestPartitionBacklog();
}
