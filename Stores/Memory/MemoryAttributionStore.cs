using System.Collections.Concurrent;
using GrainPipeline.Stores.Abstractions;
using GrainPipeline.Stores.Model;

namespace GrainPipeline.Stores.Memory;

public sealed class MemoryAttributionStore(SimulatedLatency? latency = null) : IAttributionStore
{
    private readonly ConcurrentDictionary<(string Shop, string OrderId, string Model), Attribution> _rows = new();
    private readonly SimulatedLatency _latency = latency ?? SimulatedLatency.None;

    public int Count => _rows.Count;

    public IEnumerable<Attribution> All => _rows.Values;

    /// <summary>The stored attribution, if any (tests and tools).</summary>
    public Attribution? Find(string shop, string orderId, string model) => _rows.TryGetValue((shop, orderId, model), out var row) ? row : null;

    public async Task UpsertAsync(Attribution attribution, CancellationToken cancellation)
    {
        ArgumentNullException.ThrowIfNull(attribution);
        await _latency.WaitAsync(cancellation);
        _rows[(attribution.Shop, attribution.OrderId, attribution.Model)] = attribution;
    }
}
