using System.Collections.Concurrent;

namespace GrainPipeline.Silo.Hosting;

/// <summary>
/// The Kafka partitions this silo owns right now. The partition lifecycle keeps it; reminder
/// delivery reads it, and so do the flushers, whose reminder flush stops once its partition is
/// being handed over (the hand-over's own, time-bounded flush is next in the grain's turns).
/// </summary>
internal sealed class OwnedPartitions
{
    private readonly ConcurrentDictionary<int, byte> _owned = new();

    public IReadOnlyCollection<int> All => _owned.Keys.ToList();

    public void Add(int partition) => _owned[partition] = 0;

    public void Remove(int partition) => _owned.TryRemove(partition, out _);

    public bool Contains(int partition) => _owned.ContainsKey(partition);
}
