using GrainPipeline.Stores.Abstractions;
using GrainPipeline.Stores.Model;

namespace GrainPipeline.Grains.Tests;

/// <summary>
/// An event store whose appends wait until the test lets them through, so a test can see which
/// writes were under way at once. <paramref name="fail"/> may fail an append, as a bad row would; a
/// group append (one store call) fails when any of its events would, as a statement does.
/// </summary>
internal sealed class GatedEventStore(IEventStore inner, Func<StoredEvent, Exception?>? fail = null) : IEventStore
{
    private readonly SemaphoreSlim _gate = new(0);
    private int _started;

    /// <summary>Appends (single or group) that have reached the store, let through or not.</summary>
    public int Started => Volatile.Read(ref _started);

    /// <summary>The size of each append, in the order they reached the store.</summary>
    public List<int> Sizes { get; } = [];

    public void Let(int appends) => _gate.Release(appends);

    public async Task WaitUntilStarted(int appends, string because)
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (Started < appends)
        {
            if (DateTime.UtcNow > deadline)
            {
                // Let everything through, or the failed test's runtime would wait for its grains forever on dispose.
                _gate.Release(short.MaxValue);
                throw new TimeoutException($"{Started} of {appends} appends started: {because}");
            }
            await Task.Delay(5);
        }
    }

    public async Task<bool> TryAppendAsync(StoredEvent evt, CancellationToken cancellation) => (await TryAppendAllAsync([evt], cancellation))[0];

    public async Task<bool[]> TryAppendAllAsync(IReadOnlyList<StoredEvent> events, CancellationToken cancellation)
    {
        lock (Sizes) Sizes.Add(events.Count);
        Interlocked.Increment(ref _started);
        await _gate.WaitAsync(cancellation);
        if (events.Select(e => fail?.Invoke(e)).FirstOrDefault(e => e is not null) is { } error) throw error;
        return await inner.TryAppendAllAsync(events, cancellation);
    }

    public Task<IReadOnlyDictionary<string, long>> FindWriteSequencesAsync(IReadOnlyCollection<string> eventIds, CancellationToken cancellation) =>
        inner.FindWriteSequencesAsync(eventIds, cancellation);
}
