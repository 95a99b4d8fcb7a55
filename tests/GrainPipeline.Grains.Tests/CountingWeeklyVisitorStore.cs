using GrainPipeline.Stores.Abstractions;
using GrainPipeline.Stores.Memory;

namespace GrainPipeline.Grains.Tests;

/// <summary>The in-memory weekly visitor store, counting the additions it is sent and failing the next one on request.</summary>
internal sealed class CountingWeeklyVisitorStore : IWeeklyVisitorStore
{
    private readonly MemoryWeeklyVisitorStore _inner = new();
    private int _adds;
    private int _failNext;

    public int Adds => Volatile.Read(ref _adds);

    public void FailNextAdd() => Interlocked.Exchange(ref _failNext, 1);

    public Task AddAsync(string shop, DateOnly weekStart, string clientId, CancellationToken cancellation)
    {
        Interlocked.Increment(ref _adds);
        if (Interlocked.Exchange(ref _failNext, 0) == 1) return Task.FromException(new InvalidOperationException("weekly visitor store unavailable"));
        return _inner.AddAsync(shop, weekStart, clientId, cancellation);
    }

    public Task<long> CountAsync(string shop, DateOnly weekStart, CancellationToken cancellation) => _inner.CountAsync(shop, weekStart, cancellation);
}
