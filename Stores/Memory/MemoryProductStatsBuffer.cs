using System.Collections.Concurrent;
using GrainPipeline.Stores.Abstractions;
using GrainPipeline.Stores.Model;

namespace GrainPipeline.Stores.Memory;

/// <summary>
/// The product-stat buffer in memory: one table of cells per partition, taken in batches by its
/// flusher. A taken batch stays pending until acknowledged, as in the Redis buffer. Events applied
/// through <see cref="IncrementEachOnceAsync"/> are remembered for the life of the process (compactly, see
/// <see cref="CompactEventIndex"/>), like everything else an in-memory store holds.
/// </summary>
public sealed class MemoryProductStatsBuffer(SimulatedLatency? latency = null) : IProductStatsBuffer
{
    private readonly ConcurrentDictionary<int, PartitionCells> _partitions = new();
    private readonly SimulatedLatency _latency = latency ?? SimulatedLatency.None;
    private readonly CompactEventIndex _applied = new();
    private long _appliedCount;

    /// <summary>Cells not yet in the store (buffered or in a pending batch), over all partitions.</summary>
    public int PendingCells => _partitions.Values.Sum(p => p.Count);

    public async Task IncrementAsync(int partition, IReadOnlyList<ProductStatDelta> deltas, CancellationToken cancellation)
    {
        ArgumentNullException.ThrowIfNull(deltas);
        await _latency.WaitAsync(cancellation);
        var cells = _partitions.GetOrAdd(partition, static _ => new PartitionCells());
        lock (cells)
        {
            for (var i = 0; i < deltas.Count; i++) cells.Add(deltas[i]);
        }
    }

    public async Task<bool[]> IncrementEachOnceAsync(int partition, IReadOnlyList<EventStatDeltas> events, CancellationToken cancellation)
    {
        ArgumentNullException.ThrowIfNull(events);
        foreach (var (eventId, deltas) in events)
        {
            ArgumentNullException.ThrowIfNull(eventId);
            ArgumentNullException.ThrowIfNull(deltas);
        }
        await _latency.WaitAsync(cancellation);
        var added = new bool[events.Count];
        var cells = _partitions.GetOrAdd(partition, static _ => new PartitionCells());
        lock (cells)
        {
            // Under the partition's lock, so each mark and its increments are one step for the flusher.
            for (var e = 0; e < events.Count; e++)
            {
                var (eventId, deltas) = events[e];
                if (!_applied.TryAdd(eventId, ref _appliedCount)) continue;
                added[e] = true;
                for (var i = 0; i < deltas.Count; i++) cells.Add(deltas[i]);
            }
        }
        return added;
    }

    public async Task<ProductStatBatch> TakeBatchAsync(int partition, int maxKeys, CancellationToken cancellation)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxKeys, 1);
        await _latency.WaitAsync(cancellation);
        if (!_partitions.TryGetValue(partition, out var cells)) return ProductStatBatch.Empty(partition);
        lock (cells) return cells.Take(partition, maxKeys);
    }

    public async Task AcknowledgeAsync(int partition, string batchId, CancellationToken cancellation)
    {
        await _latency.WaitAsync(cancellation);
        if (!_partitions.TryGetValue(partition, out var cells)) return;
        lock (cells) cells.Acknowledge(batchId);
    }

    private sealed class PartitionCells
    {
        private readonly Dictionary<ProductStatKey, ProductStatDelta> _cells = [];
        private ProductStatBatch? _pending;

        public int Count
        {
            get { lock (this) return _cells.Count + (_pending?.Cells.Count ?? 0); }
        }

        public void Add(ProductStatDelta delta) =>
            _cells[delta.Key] = _cells.TryGetValue(delta.Key, out var current) ? current.Plus(delta) : delta;

        public ProductStatBatch Take(int partition, int maxKeys)
        {
            if (_pending is not null) return _pending;
            if (_cells.Count == 0) return ProductStatBatch.Empty(partition);
            var cells = new List<ProductStatDelta>(Math.Min(maxKeys, _cells.Count));
            foreach (var (_, value) in _cells)
            {
                if (cells.Count == maxKeys) break;
                cells.Add(value);
            }
            foreach (var taken in cells) _cells.Remove(taken.Key);
            _pending = new ProductStatBatch(partition, ProductStatBatch.NewId(partition), cells);
            return _pending;
        }

        public void Acknowledge(string batchId)
        {
            if (_pending is not null && _pending.Id == batchId) _pending = null;
        }
    }
}
