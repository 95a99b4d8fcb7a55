using GrainPipeline.Stores.Abstractions;
using GrainPipeline.Stores.Model;

namespace GrainPipeline.Stores.Memory;

/// <summary>
/// The event index in memory. It keeps each event id with its write sequence and nothing else:
/// payloads would make the embedded default grow by a kilobyte per event. PostgreSQL keeps the payload.
/// The ids themselves are held compactly (<see cref="CompactEventIndex"/>).
/// </summary>
public sealed class MemoryEventStore(SimulatedLatency? latency = null) : IEventStore
{
    private readonly CompactEventIndex _sequenceById = new();
    private readonly SimulatedLatency _latency = latency ?? SimulatedLatency.None;
    private long _sequence;

    public int Count => _sequenceById.Count;

    public async Task<bool> TryAppendAsync(StoredEvent evt, CancellationToken cancellation)
    {
        ArgumentNullException.ThrowIfNull(evt);
        await _latency.WaitAsync(cancellation);
        return _sequenceById.TryAdd(evt.EventId, ref _sequence);
    }

    public async Task<bool[]> TryAppendAllAsync(IReadOnlyList<StoredEvent> events, CancellationToken cancellation)
    {
        ArgumentNullException.ThrowIfNull(events);
        await _latency.WaitAsync(cancellation);
        var isNew = new bool[events.Count];
        for (var i = 0; i < events.Count; i++) isNew[i] = _sequenceById.TryAdd(events[i].EventId, ref _sequence);
        return isNew;
    }

    public Task<IReadOnlyDictionary<string, long>> FindWriteSequencesAsync(IReadOnlyCollection<string> eventIds, CancellationToken cancellation)
    {
        ArgumentNullException.ThrowIfNull(eventIds);
        var found = new Dictionary<string, long>(eventIds.Count, StringComparer.Ordinal);
        foreach (var id in eventIds)
        {
            if (_sequenceById.TryGet(id, out var sequence)) found[id] = sequence;
        }
        return Task.FromResult<IReadOnlyDictionary<string, long>>(found);
    }
}
