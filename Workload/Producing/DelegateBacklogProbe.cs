namespace GrainPipeline.Workload.Producing;

/// <summary>
/// A probe backed by a function, for producers that run in the same process as the consumer (the
/// demo), which can read the backlog from its own counters without asking the broker.
/// </summary>
public sealed class DelegateBacklogProbe(Func<long> highestPartitionBacklog) : IBacklogProbe
{
    private readonly Func<long> _highestPartitionBacklog = highestPartitionBacklog ?? throw new ArgumentNullException(nameof(highestPartitionBacklog));

    public long HighestPartitionBacklog() => _highestPartitionBacklog();
}
