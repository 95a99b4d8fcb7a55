using System.Collections.Concurrent;

namespace GrainPipeline.Runtime.Tests.Grains;

/// <summary>What the test grains did, per key. Shared by every activation (and successor) of a runtime.</summary>
public sealed class GrainProbe
{
    private readonly ConcurrentDictionary<string, KeyRecord> _records = new(StringComparer.Ordinal);

    public KeyRecord For(string key) => _records.GetOrAdd(key, static k => new KeyRecord(k));

    /// <summary>Opens every gate of every key.</summary>
    public void ReleaseGates()
    {
        foreach (var record in _records.Values) record.ReleaseGates();
    }

    public IReadOnlyCollection<KeyRecord> Records => _records.Values.ToList();

    /// <summary>Most activations of one key alive at once, over all keys (1 is the invariant).</summary>
    public int MaxLiveActivationsOfAnyKey => _records.Values.Select(r => r.MaxLive).DefaultIfEmpty().Max();

    /// <summary>Most turns of one key running at once, over all keys (1 is the invariant).</summary>
    public int MaxConcurrentTurnsOfAnyKey => _records.Values.Select(r => r.MaxInTurn).DefaultIfEmpty().Max();
}
