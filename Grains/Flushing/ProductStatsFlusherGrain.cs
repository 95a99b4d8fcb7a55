using System.Diagnostics;
using System.Globalization;
using GrainPipeline.Grains.Stages;
using GrainPipeline.Runtime;
using GrainPipeline.Stores.Abstractions;

namespace GrainPipeline.Grains.Flushing;

/// <summary>
/// Moves one partition's product-stat buffer into product_stats: take a batch atomically, apply it
/// to the store in one bulk write (idempotent by batch id), acknowledge it, repeat until the buffer
/// is empty. A crash anywhere re-presents the pending batch to the next take. Turn-based, so one
/// flush at a time; woken by a reminder; a final flush on deactivate. Every flush is bounded in
/// time (a tick's by <see cref="FlusherOptions.Period"/>, the final one by
/// <see cref="FlusherOptions.HandOverTimeout"/> and the deactivation's deadline), so a slow store
/// delays the stats, never a stop or a hand-over; a tick's flush also stops as soon as the silo
/// no longer owns the partition (<paramref name="ownsPartition"/>). The silo's flushers share
/// <paramref name="batchSlots"/> (<see cref="FlusherOptions.MaxConcurrentBatches"/>): a batch is
/// taken, applied and acknowledged while holding one.
/// </summary>
public sealed class ProductStatsFlusherGrain(IProductStatsBuffer buffer, IProductStatsStore store, FlusherOptions options, FlusherStatistics statistics,
    SemaphoreSlim batchSlots, Func<int, bool> ownsPartition)
    : Grain, IProductStatsFlusherGrain, IPartitionedGrain
{
    public const string TypeName = "product-stats-flusher";
    public const string ReminderName = "flush";

    public int Partition => int.Parse(GetPrimaryKeyString(), CultureInfo.InvariantCulture);

    private bool _handedOver;

    /// <summary>A reminder tick's (or an assignment's) flush: it gives up its turn after one period, so a slow store cannot hold the grain.</summary>
    public Task<int> Flush() => FlushAsync(options.Period, final: false, CancellationToken.None);

    /// <summary>
    /// The partition leaves this silo: one last flush, bounded by <see cref="FlusherOptions.HandOverTimeout"/>,
    /// then this activation goes, whether the flush succeeded or not (what it left is the next owner's).
    /// </summary>
    public async Task<int> HandOver()
    {
        try
        {
            return await FlushAsync(options.HandOverTimeout, final: true, CancellationToken.None);
        }
        finally
        {
            _handedOver = true;
            DeactivateOnIdle();
        }
    }

    /// <summary>
    /// Moves batches until the buffer is empty, <paramref name="budget"/> has passed or
    /// <paramref name="cancellation"/> fires; the batch under way then ends too, so a hung store
    /// costs the budget, not its own timeout on top. What is left stays buffered for the next flush,
    /// here or on the partition's next owner: a batch cut between take and acknowledge is taken
    /// again, and its apply is idempotent.
    /// </summary>
    private async Task<int> FlushAsync(TimeSpan budget, bool final, CancellationToken cancellation)
    {
        using var bound = CancellationTokenSource.CreateLinkedTokenSource(cancellation);
        bound.CancelAfter(budget);
        cancellation = bound.Token;
        var started = Stopwatch.GetTimestamp();
        var moved = 0;
        var batches = 0;
        var cutShort = false;
        try
        {
            while (true)
            {
                // A tick's flush also stops once the partition is being handed over: the hand-over's flush is next in this grain's turns.
                if (cancellation.IsCancellationRequested || (!final && !ownsPartition(Partition)))
                {
                    cutShort = true;
                    break;
                }
                var batchStarted = Stopwatch.GetTimestamp();
                // Bounded by this flush's budget too: with a slow store, the silo's other flushers may hold the slots for long.
                await batchSlots.WaitAsync(cancellation);
                int cells;
                try
                {
                    cells = await MoveOneBatchAsync(cancellation);
                }
                finally
                {
                    batchSlots.Release();
                }
                if (cells == 0) break;
                moved += cells;
                batches++;
                statistics.BatchDone(cells, Stopwatch.GetElapsedTime(batchStarted));
            }
        }
        catch (OperationCanceledException) when (cancellation.IsCancellationRequested)
        {
            cutShort = true;
        }
        statistics.FlushDone(new FlushRecord(Partition, DateTimeOffset.UtcNow, moved, batches, Stopwatch.GetElapsedTime(started).TotalMilliseconds)
        {
            CutShort = cutShort,
            Final = final,
        });
        return moved;
    }

    /// <summary>Takes, applies and acknowledges one batch; returns its cells (0 when the buffer is empty).</summary>
    private async Task<int> MoveOneBatchAsync(CancellationToken cancellation)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellation);
        deadline.CancelAfter(options.StoreTimeout);
        var batch = await statistics.StoreCallAsync(StoreNames.StatsBuffer, deadline.Token,
            () => buffer.TakeBatchAsync(Partition, options.BatchSize, deadline.Token));
        if (batch.IsEmpty) return 0;
        await statistics.StoreCallAsync(StoreNames.ProductStats, deadline.Token,
            () => store.ApplyBatchAsync(batch, deadline.Token));
        await statistics.StoreCallAsync(StoreNames.StatsBuffer, deadline.Token, async () =>
        {
            await buffer.AcknowledgeAsync(Partition, batch.Id, deadline.Token);
            return true;
        });
        return batch.Cells.Count;
    }

    /// <summary>The reminder outlives this activation: it wakes the grain on whichever silo owns the partition next.</summary>
    public override Task OnActivateAsync(CancellationToken cancellation) =>
        RegisterOrUpdateReminder(ReminderName, options.Period, options.Period);

    public Task ReceiveReminder(string reminderName, TickStatus status) => Flush();

    /// <summary>
    /// The final flush (unless <see cref="HandOver"/> just made it), bounded like a hand-over's and
    /// by the deactivation's deadline (Runtime:DeactivationTimeout) rather than by the buffer's size.
    /// </summary>
    public override async Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellation)
    {
        if (!_handedOver) await FlushAsync(options.HandOverTimeout, final: true, cancellation);
    }
}
