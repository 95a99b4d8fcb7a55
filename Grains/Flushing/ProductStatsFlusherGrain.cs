using System.Globalization;
using GrainPipeline.Runtime;
using GrainPipeline.Stores.Abstractions;

namespace GrainPipeline.Grains.Flushing;

/// <summary>
/// Moves one partition's product-stat buffer into product_stats: take a batch atomically, apply it
/// to the store in one bulk write (idempotent by batch id), acknowledge it, repeat until the buffer
/// is empty. A crash anywhere re-presents the pending batch to the next take. Turn-based, so one
/// flush at a time; woken by a reminder; a final flush on deactivate.
/// </summary>
public sealed class ProductStatsFlusherGrain(IProductStatsBuffer buffer, IProductStatsStore store, FlusherOptions options)
    : Grain, IProductStatsFlusherGrain, IPartitionedGrain
{
    public const string TypeName = "product-stats-flusher";
    public const string ReminderName = "flush";

    public int Partition => int.Parse(GetPrimaryKeyString(), CultureInfo.InvariantCulture);

    public async Task<int> Flush()
    {
        var moved = 0;
        while (true)
        {
            using var deadline = new CancellationTokenSource(options.StoreTimeout);
            var batch = await buffer.TakeBatchAsync(Partition, options.BatchSize, deadline.Token);
            if (batch.IsEmpty) return moved;
            await store.ApplyBatchAsync(batch, deadline.Token);
            await buffer.AcknowledgeAsync(Partition, batch.Id, deadline.Token);
            moved += batch.Cells.Count;
        }
    }

    /// <summary>The reminder outlives this activation: it wakes the grain on whichever silo owns the partition next.</summary>
    public override Task OnActivateAsync(CancellationToken cancellation) =>
        RegisterOrUpdateReminder(ReminderName, options.Period, options.Period);

    public Task ReceiveReminder(string reminderName, TickStatus status) => Flush();

    public override async Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellation) => await Flush();
}
