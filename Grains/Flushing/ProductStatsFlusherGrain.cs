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
/// flush at a time; woken by a reminder; a final flush on deactivate. The silo's flushers share
/// <paramref name="batchSlots"/> (<see cref="FlusherOptions.MaxConcurrentBatches"/>): a batch is
/// taken, applied and acknowledged while holding one.
/// </summary>
public sealed class ProductStatsFlusherGrain(IProductStatsBuffer buffer, IProductStatsStore store, FlusherOptions options, FlusherStatistics statistics,
    SemaphoreSlim batchSlots)
    : Grain, IProductStatsFlusherGrain, IPartitionedGrain
{
    public const string TypeName = "product-stats-flusher";
    public const string ReminderName = "flush";

    public int Partition => int.Parse(GetPrimaryKeyString(), CultureInfo.InvariantCulture);

    public async Task<int> Flush()
    {
        var started = Stopwatch.GetTimestamp();
        var moved = 0;
        var batches = 0;
        while (true)
        {
            var batchStarted = Stopwatch.GetTimestamp();
            // The slot's holder is bounded by its own deadline, so this wait is too.
            await batchSlots.WaitAsync();
            int cells;
            try
            {
                cells = await MoveOneBatchAsync();
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
        statistics.FlushDone(new FlushRecord(Partition, DateTimeOffset.UtcNow, moved, batches, Stopwatch.GetElapsedTime(started).TotalMilliseconds));
        return moved;
    }

    /// <summary>Takes, applies and acknowledges one batch; returns its cells (0 when the buffer is empty).</summary>
    private async Task<int> MoveOneBatchAsync()
    {
        using var deadline = new CancellationTokenSource(options.StoreTimeout);
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

    public override async Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellation) => await Flush();
}
