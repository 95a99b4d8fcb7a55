using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using GrainPipeline.Stores.Abstractions;
using GrainPipeline.Stores.Model;

namespace GrainPipeline.Stores.Memory;

public sealed class MemoryProductStatsStore(SimulatedLatency? latency = null) : IProductStatsStore
{
    private readonly ConcurrentDictionary<ProductStatKey, ProductStatDelta> _cells = new();
    private readonly SimulatedLatency _latency = latency ?? SimulatedLatency.None;

    public async Task AddAsync(IReadOnlyList<ProductStatDelta> deltas, CancellationToken cancellation)
    {
        ArgumentNullException.ThrowIfNull(deltas);
        await _latency.WaitAsync(cancellation);
        foreach (var delta in deltas)
            _cells.AddOrUpdate(delta.Key, static (_, added) => added, static (_, current, added) => current.Plus(added), delta);
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
}
