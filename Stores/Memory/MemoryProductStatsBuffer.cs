using System.Collections.Concurrent;
using GrainPipeline.Stores.Abstractions;
using GrainPipeline.Stores.Model;

namespace GrainPipeline.Stores.Memory;

/// <summary>The product-stat buffer in memory: one table of cells per partition, taken in batches by its flusher.</summary>
public sealed class MemoryProductStatsBuffer(SimulatedLatency? latency = null) : IProductStatsBuffer
{
    private readonly ConcurrentDictionary<int, PartitionCells> _partitions = new();
    private readonly SimulatedLatency _latency = latency ?? SimulatedLatency.None;

    public int PendingCells => _partitions.Values.Sum(p => p.Count);

    public async Task IncrementAsync(int partition, IReadOnlyList<ProductStatDelta> deltas, CancellationToken cancellation)
    {
        ArgumentNullException.ThrowIfNull(deltas);
        await _latency.WaitAsync(cancellation);
        var cells = _partitions.GetOrAdd(partition, static _ => new PartitionCells());
        lock (cells)
        {
            foreach (var delta in deltas) cells.Add(delta);
        }
    }

    public async Task<IReadOnlyList<ProductStatDelta>> TakeBatchAsync(int partition, int maxKeys, CancellationToken cancellation)
    {
        await _latency.WaitAsync(cancellation);
        if (!_partitions.TryGetValue(partition, out var cells)) return [];
        lock (cells) return cells.Take(maxKeys);
    }

    private sealed class PartitionCells
    {
        private readonly Dictionary<ProductStatKey, ProductStatDelta> _cells = [];

        public int Count
        {
            get { lock (this) return _cells.Count; }
        }

        public void Add(ProductStatDelta delta) =>
            _cells[delta.Key] = _cells.TryGetValue(delta.Key, out var current) ? current.Plus(delta) : delta;

        public List<ProductStatDelta> Take(int maxKeys)
        {
            var batch = new List<ProductStatDelta>(Math.Min(maxKeys, _cells.Count));
            foreach (var (key, value) in _cells)
            {
                if (batch.Count == maxKeys) break;
                batch.Add(value);
            }
            foreach (var taken in batch) _cells.Remove(taken.Key);
            return batch;
        }
    }
}
