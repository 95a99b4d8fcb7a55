using System.Collections.Concurrent;
using GrainPipeline.Stores.Abstractions;

namespace GrainPipeline.Stores.Memory;

public sealed class MemoryWeeklyVisitorStore(SimulatedLatency? latency = null) : IWeeklyVisitorStore
{
    private readonly ConcurrentDictionary<(string Shop, DateOnly Week), ConcurrentDictionary<string, byte>> _visitors = new();
    private readonly SimulatedLatency _latency = latency ?? SimulatedLatency.None;

    public async Task AddAsync(string shop, DateOnly weekStart, string clientId, CancellationToken cancellation)
    {
        await _latency.WaitAsync(cancellation);
        _visitors.GetOrAdd((shop, weekStart), static _ => new ConcurrentDictionary<string, byte>(StringComparer.Ordinal)).TryAdd(clientId, 0);
    }

    public Task<long> CountAsync(string shop, DateOnly weekStart, CancellationToken cancellation) =>
        Task.FromResult(_visitors.TryGetValue((shop, weekStart), out var set) ? (long)set.Count : 0L);
}
