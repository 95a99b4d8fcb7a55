using System.Globalization;
using GrainPipeline.Grains;
using GrainPipeline.Grains.Flushing;
using GrainPipeline.Ingest.Pump;
using GrainPipeline.Runtime;
using GrainPipeline.Runtime.Hosting;

namespace GrainPipeline.Silo.Hosting;

/// <summary>
/// Ties Kafka's partition ownership to grains: an assigned partition wakes its flusher (which keeps
/// its reminder registered); a revoked one deactivates every grain fed from it, writing their
/// state, and hands its flusher over (a last, time-bounded flush) before the partition moves to the
/// next owner.
/// </summary>
internal sealed class SiloPartitionLifecycle(GrainRuntime runtime, OwnedPartitions owned) : IPartitionLifecycle
{
    public IReadOnlyCollection<int> Owned => owned.All;

    /// <summary>Raised after partitions were assigned or released (tests wait on it instead of sleeping).</summary>
    public event Action? AssignmentChanged;

    /// <summary>Reminder ticks are delivered here only for grains of partitions this silo owns.</summary>
    public bool IsOwned(GrainId grainId) =>
        grainId.Type != ProductStatsFlusherGrain.TypeName
        || (int.TryParse(grainId.Key, NumberStyles.Integer, CultureInfo.InvariantCulture, out var partition) && owned.Contains(partition));

    public void OnAssigned(IReadOnlyList<int> partitions)
    {
        foreach (var partition in partitions)
        {
            owned.Add(partition);
            // Activating the flusher registers (or refreshes) its reminder; its first flush is harmless.
            _ = runtime.GrainFactory.GetGrain<IProductStatsFlusherGrain>(partition.ToString(CultureInfo.InvariantCulture)).Flush();
        }
        AssignmentChanged?.Invoke();
    }

    public async Task OnRevokedAsync(IReadOnlyList<int> partitions, bool lost)
    {
        var revoked = partitions.ToHashSet();
        foreach (var partition in revoked) owned.Remove(partition); // reminder ticks go to the next owner now, and a tick's flush here stops
        try
        {
            // Visitors' state first: the next owner needs it for their next events, and each write is one quick call.
            await runtime.DeactivateAsync(
                (_, grain) => grain is IPartitionedGrain fed and not ProductStatsFlusherGrain && revoked.Contains(fed.Partition),
                DeactivationReason.PartitionRevoked);
        }
        catch (Exception)
        {
            // Some state writes failed (a store outage): every grain is retired all the same, and the
            // catalog has logged and counted the failures. The flushers must still be handed over.
        }
        try
        {
            // Then each partition's last flush, bounded by Flusher:HandOverTimeout (a flusher shed as idle
            // is activated for it): the buffer of the events committed here reaches the store unless it is
            // slow, and what is left stays buffered for the next owner's flusher.
            await Task.WhenAll(revoked.Select(p => runtime.GrainFactory.GetGrain<IProductStatsFlusherGrain>(p.ToString(CultureInfo.InvariantCulture)).HandOver()));
        }
        finally
        {
            AssignmentChanged?.Invoke();
        }
    }
}
