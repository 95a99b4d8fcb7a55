using System.Collections.Concurrent;

namespace GrainPipeline.Runtime.Storage;

/// <summary>
/// Grain storage in this process, for single-silo mode and tests. ETags are per-record version
/// numbers; the compare-and-set is atomic under a per-record lock-free update.
/// </summary>
public sealed class MemoryGrainStorage : IGrainStorage
{
    private readonly ConcurrentDictionary<(string State, GrainId Grain), StoredGrainState> _records = new();
    private long _version;

    public int Count => _records.Count;

    public Task<StoredGrainState?> ReadAsync(string stateName, GrainId grainId, CancellationToken cancellation)
    {
        cancellation.ThrowIfCancellationRequested();
        return Task.FromResult(_records.TryGetValue((stateName, grainId), out var stored) ? stored : null);
    }

    public Task<string> WriteAsync(string stateName, GrainId grainId, ReadOnlyMemory<byte> data, string? expectedEtag, CancellationToken cancellation)
    {
        cancellation.ThrowIfCancellationRequested();
        var key = (stateName, grainId);
        var next = new StoredGrainState(data.ToArray(), Interlocked.Increment(ref _version).ToString(System.Globalization.CultureInfo.InvariantCulture));
        if (expectedEtag is null)
        {
            if (!_records.TryAdd(key, next)) throw Conflict(stateName, grainId, expectedEtag);
        }
        else
        {
            if (!_records.TryGetValue(key, out var current) || current.Etag != expectedEtag || !_records.TryUpdate(key, next, current))
                throw Conflict(stateName, grainId, expectedEtag);
        }
        return Task.FromResult(next.Etag);
    }

    public Task ClearAsync(string stateName, GrainId grainId, string? expectedEtag, CancellationToken cancellation)
    {
        cancellation.ThrowIfCancellationRequested();
        var key = (stateName, grainId);
        if (!_records.TryGetValue(key, out var current))
        {
            if (expectedEtag is not null) throw Conflict(stateName, grainId, expectedEtag);
            return Task.CompletedTask;
        }
        if (current.Etag != expectedEtag || !_records.TryRemove(new KeyValuePair<(string, GrainId), StoredGrainState>(key, current)))
            throw Conflict(stateName, grainId, expectedEtag);
        return Task.CompletedTask;
    }

    private InconsistentStateException Conflict(string stateName, GrainId grainId, string? expected) =>
        InconsistentStateException.For(stateName, grainId, _records.TryGetValue((stateName, grainId), out var stored) ? stored.Etag : null, expected);
}
