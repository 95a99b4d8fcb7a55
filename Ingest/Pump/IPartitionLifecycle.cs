namespace GrainPipeline.Ingest.Pump;

/// <summary>
/// What the silo does when partitions arrive and leave: e.g. register the flusher reminders, and
/// deactivate the grains of a revoked partition (state written) before it moves to another silo.
/// Called on the poll thread, inside the rebalance.
/// </summary>
public interface IPartitionLifecycle
{
    void OnAssigned(IReadOnlyList<int> partitions);

    /// <summary>Completes when the partitions' grains are gone; <paramref name="lost"/> means another member may already own them.</summary>
    Task OnRevokedAsync(IReadOnlyList<int> partitions, bool lost);
}
