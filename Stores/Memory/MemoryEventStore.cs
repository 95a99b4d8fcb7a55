using System.Collections.Concurrent;
using GrainPipeline.Stores.Abstractions;
using GrainPipeline.Stores.Model;

namespace GrainPipeline.Stores.Memory;

/// <summary>
/// The event index in memory. It keeps each event id with its write sequence and nothing else:
/// payloads would make the embedded default grow by a kilobyte per event. PostgreSQL keeps the payload.
/// </summary>
public sealed class MemoryEventStore(SimulatedLatency? latency = null) : IEventStore
{
    private readonly ConcurrentDictionary<string, long> _sequenceById = new(StringComparer.Ordinal);
    private readonly SimulatedLatency _latency = latency ?? SimulatedLatency.None;
    private long _sequence;

    public int Count => _sequenceById.Count;

    public async Task<bool> TryAppendAsync(StoredEvent evt, CancellationToken cancellation)
    {
        ArgumentNullException.ThrowIfNull(evt);
        await _latency.WaitAsync(cancellation);
        if (_sequenceById.ContainsKey(evt.EventId)) return false;
        // The sequence is taken before the insert; a losing racer's number is simply never seen.
        return _sequenceById.TryAdd(evt.EventId, Interlocked.Increment(ref _sequence));
    }

    public Task<IReadOnlyDictionary<string, long>> FindWriteSequencesAsync(IReadOnlyCollection<string> eventIds, CancellationToken cancellation)
    {
        ArgumentNullException.ThrowIfNull(eventIds);
        var found = new Dictionary<string, long>(eventIds.Count, StringComparer.Ordinal);
        foreach (var id in eventIds)
        {
            if (_sequenceById.TryGetValue(id, out var sequence)) found[id] = sequence;
        }
        return Task.FromResult<IReadOnlyDictionary<string, long>>(found);
    }
}
