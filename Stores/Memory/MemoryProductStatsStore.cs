using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using GrainPipeline.Stores.Abstractions;
using GrainPipeline.Stores.Model;

namespace GrainPipeline.Stores.Memory;

/// <summary>
/// product_stats in memory. Applied batch ids are remembered per partition, the most recent
/// <see cref="RememberedBatchesPerPartition"/> of them: a buffer only ever re-presents its one pending
/// batch, so only a very late duplicate from a stalled flusher could fall outside that window.
/// </summary>
public sealed class MemoryProductStatsStore(SimulatedLatency? latency = null) : IProductStatsStore
{
    public const int RememberedBatchesPerPartition = 1024;

    private readonly ConcurrentDictionary<ProductStatKey, ProductStatDelta> _cells = new();
    private readonly Dictionary<int, AppliedIds> _applied = [];
    private readonly Lock _lock = new();
    private readonly SimulatedLatency _latency = latency ?? SimulatedLatency.None;

    public async Task<bool> ApplyBatchAsync(ProductStatBatch batch, CancellationToken cancellation)
    {
        ArgumentNullException.ThrowIfNull(batch);
        await _latency.WaitAsync(cancellation);
        if (batch.IsEmpty) return false;
        lock (_lock)
        {
            if (!_applied.TryGetValue(batch.Partition, out var ids)) _applied[batch.Partition] = ids = new AppliedIds();
            if (!ids.Add(batch.Id)) return false;
            foreach (var delta in batch.Cells)
                _cells.AddOrUpdate(delta.Key, static (_, added) => added, static (_, current, added) => current.Plus(added), delta);
        }
        return true;
    }

    public async IAsyncEnumerable<ProductStatDelta> ReadAllAsync([EnumeratorCancellation] CancellationToken cancellation)
    {
        await Task.Yield();
        foreach (var cell in _cells.Values)
        {
            cancellation.ThrowIfCancellationRequested();
            yield return cell;
        }
    }

    private sealed class AppliedIds
    {
        private readonly HashSet<string> _ids = new(StringComparer.Ordinal);
        private readonly Queue<string> _order = new();

        public bool Add(string id)
        {
            if (!_ids.Add(id)) return false;
            _order.Enqueue(id);
            if (_order.Count > RememberedBatchesPerPartition) _ids.Remove(_order.Dequeue());
            return true;
        }
    }
}
