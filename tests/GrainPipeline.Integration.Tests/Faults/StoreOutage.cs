using GrainPipeline.Silo.Hosting;
using GrainPipeline.Stores.Abstractions;
using GrainPipeline.Stores.Model;

namespace GrainPipeline.Integration.Tests.Faults;

/// <summary>
/// A switchable outage of the event store and the product-stats buffer's increments: while it is on,
/// every such call fails as an unreachable server's would, so stage 1 retries inside the grain's turn
/// and stage 5 in the background pool, both for as long as the outage lasts.
/// </summary>
internal sealed class StoreOutage
{
    private volatile bool _down;

    public void Begin() => _down = true;

    public void End() => _down = false;

    public StoreSet Wrap(StoreSet stores) => stores with
    {
        Events = new DownableEvents(stores.Events, this),
        StatsBuffer = new DownableBuffer(stores.StatsBuffer, this),
    };

    private void ThrowIfDown()
    {
        if (_down) throw new StoreUnavailableException("injected outage");
    }

    private sealed class DownableEvents(IEventStore inner, StoreOutage outage) : IEventStore
    {
        public Task<bool> TryAppendAsync(StoredEvent evt, CancellationToken cancellation)
        {
            outage.ThrowIfDown();
            return inner.TryAppendAsync(evt, cancellation);
        }

        public Task<bool[]> TryAppendAllAsync(IReadOnlyList<StoredEvent> events, CancellationToken cancellation)
        {
            outage.ThrowIfDown();
            return inner.TryAppendAllAsync(events, cancellation);
        }

        public Task<IReadOnlyDictionary<string, long>> FindWriteSequencesAsync(IReadOnlyCollection<string> eventIds, CancellationToken cancellation) =>
            inner.FindWriteSequencesAsync(eventIds, cancellation);
    }

    private sealed class DownableBuffer(IProductStatsBuffer inner, StoreOutage outage) : IProductStatsBuffer
    {
        public Task IncrementAsync(int partition, IReadOnlyList<ProductStatDelta> deltas, CancellationToken cancellation)
        {
            outage.ThrowIfDown();
            return inner.IncrementAsync(partition, deltas, cancellation);
        }

        public Task<bool[]> IncrementEachOnceAsync(int partition, IReadOnlyList<EventStatDeltas> events, CancellationToken cancellation)
        {
            outage.ThrowIfDown();
            return inner.IncrementEachOnceAsync(partition, events, cancellation);
        }

        public Task<ProductStatBatch> TakeBatchAsync(int partition, int maxKeys, CancellationToken cancellation) =>
            inner.TakeBatchAsync(partition, maxKeys, cancellation);

        public Task AcknowledgeAsync(int partition, string batchId, CancellationToken cancellation) =>
            inner.AcknowledgeAsync(partition, batchId, cancellation);
    }
}
