using GrainPipeline.Runtime.Configuration;

namespace GrainPipeline.Runtime.Catalog;

/// <summary>
/// Deactivates idle activations: those with no call for IdleTimeout, and — when the catalog nears
/// MaxActivations — the least recently used idle ones, down to the shedding target. A scan walks the
/// activation table; shedding keeps only the k oldest candidates in a bounded heap.
/// </summary>
internal sealed class ActivationCollector(GrainCatalog catalog, RuntimeOptions options, TimeProvider clock)
{
    private int _shedding;

    /// <summary>One idle-timeout pass. The loop calls it each CollectionInterval; tests call it after moving a fake clock.</summary>
    public int CollectIdle()
    {
        var now = clock.GetTimestamp();
        var collected = 0;
        foreach (var activation in catalog.Activations)
        {
            if (!IsSheddable(activation)) continue;
            if (clock.GetElapsedTime(activation.LastUsedTimestamp, now) < options.IdleTimeout) continue;
            _ = activation.RequestDeactivation(DeactivationReason.IdleTimeout);
            collected++;
        }
        return collected;
    }

    /// <summary>Starts a shedding pass unless one is running; never blocks the caller.</summary>
    public void RequestShedding()
    {
        if (Interlocked.Exchange(ref _shedding, 1) != 0) return;
        ThreadPool.UnsafeQueueUserWorkItem(static self =>
        {
            try
            {
                self.ShedLeastRecentlyUsed();
            }
            finally
            {
                Volatile.Write(ref self._shedding, 0);
            }
        }, this, preferLocal: false);
    }

    /// <summary>
    /// Deactivates the least recently used idle activations until the count would reach the target.
    /// Activations already deactivating still hold their slots but are on their way out, so they count
    /// against the excess: otherwise passes that run before those finish shed the same excess again.
    /// </summary>
    public int ShedLeastRecentlyUsed()
    {
        var bound = catalog.ActivationCount - options.SheddingLowMark;
        if (bound <= 0) return 0;
        // Max-heap on last use (priority negated): keeps the `bound` oldest seen so far.
        var oldest = new PriorityQueue<ActivationData, long>(bound + 1);
        var leaving = 0;
        foreach (var activation in catalog.Activations)
        {
            if (activation.DeactivationRequested)
            {
                if (activation.HoldsSlot) leaving++;
                continue;
            }
            if (!IsSheddable(activation)) continue;
            oldest.Enqueue(activation, -activation.LastUsedTimestamp);
            if (oldest.Count > bound) oldest.Dequeue();
        }
        var excess = Math.Max(0, catalog.ActivationCount - leaving - options.SheddingLowMark);
        while (oldest.Count > excess) oldest.Dequeue();
        var shed = oldest.Count;
        while (oldest.TryDequeue(out var activation, out _))
            _ = activation.RequestDeactivation(DeactivationReason.CapacityPressure);
        return shed;
    }

    public async Task RunAsync(CancellationToken cancellation)
    {
        try
        {
            while (!cancellation.IsCancellationRequested)
            {
                await Task.Delay(options.CollectionInterval, clock, cancellation);
                CollectIdle();
            }
        }
        catch (OperationCanceledException) when (cancellation.IsCancellationRequested)
        {
            // Stopping.
        }
    }

    private static bool IsSheddable(ActivationData activation) =>
        activation.IsActive && !activation.DeactivationRequested && activation.Mailbox.IsIdle;
}
