using GrainPipeline.Stores.Model;

namespace GrainPipeline.Stores.Abstractions;

/// <summary>
/// Short-lived product-stat counters (Redis in cluster mode), one buffer per Kafka partition, so
/// that the partition's flusher is the only reader.
/// </summary>
/// <remarks>
/// The flush protocol survives a flusher killed at any point without losing or double-counting:
/// <list type="number">
/// <item><see cref="TakeBatchAsync"/> atomically moves up to N cells into the partition's pending
/// batch (one at most) under a new id; while a batch is pending, it returns that same batch again.</item>
/// <item><see cref="IProductStatsStore.ApplyBatchAsync"/> adds the cells and records the id in one
/// transaction; an id applied before is a no-op.</item>
/// <item><see cref="AcknowledgeAsync"/> drops the pending batch.</item>
/// </list>
/// A crash before step 2 re-presents the batch to the next take; a crash after step 2 re-presents it
/// too, and the store ignores it the second time.
/// </remarks>
public interface IProductStatsBuffer
{
    /// <summary>Adds the deltas to their cells; the whole call is applied at once or not at all.</summary>
    Task IncrementAsync(int partition, IReadOnlyList<ProductStatDelta> deltas, CancellationToken cancellation);

    /// <summary>
    /// Adds each event's deltas unless that event's were added before, in the same atomic step that
    /// records the event as applied. A redelivered event (a crash after its stats were added but before
    /// its offset was committed, or a replay from an earlier offset) is then counted once; an id
    /// repeated in the call counts once too. Returns, per event in order, whether it was added. How long
    /// an event is remembered is the adapter's retention setting. Adapters apply the call in one step
    /// where they can; a call that fails may have applied any of its events, as separate calls would.
    /// </summary>
    Task<bool[]> IncrementEachOnceAsync(int partition, IReadOnlyList<EventStatDeltas> events, CancellationToken cancellation);

    /// <summary><see cref="IncrementEachOnceAsync"/> for one event: false when its deltas were added before.</summary>
    async Task<bool> IncrementOnceAsync(int partition, string eventId, IReadOnlyList<ProductStatDelta> deltas, CancellationToken cancellation) =>
        (await IncrementEachOnceAsync(partition, [new EventStatDeltas(eventId, deltas)], cancellation))[0];

    /// <summary>
    /// Returns the partition's pending batch when there is one; otherwise atomically moves up to
    /// <paramref name="maxKeys"/> cells into a new pending batch and returns it. Empty when nothing is buffered.
    /// </summary>
    Task<ProductStatBatch> TakeBatchAsync(int partition, int maxKeys, CancellationToken cancellation);

    /// <summary>Drops the pending batch once the store has applied it; an id that is not the pending one is ignored.</summary>
    Task AcknowledgeAsync(int partition, string batchId, CancellationToken cancellation);
}
