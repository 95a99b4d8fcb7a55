namespace GrainPipeline.Observability.TopN;

/// <summary>
/// The heaviest keys of a stream in a fixed number of slots (Space-Saving, Metwally et al.): a
/// tracked key adds its weight; an untracked one takes over the lightest of a few sampled slots and
/// inherits its weight as the error bound. Heavy keys are kept, light ones come and go, and memory
/// never depends on how many distinct keys pass by. Not thread-safe: the owner locks.
/// </summary>
public sealed class HeavyHitters<TKey> where TKey : notnull
{
    /// <summary>Slots probed for eviction: O(1) per miss instead of a scan for the global minimum.</summary>
    internal const int EvictionProbes = 8;

    private readonly Entry[] _slots;
    private readonly Dictionary<TKey, int> _index;
    private int _used;
    private uint _random = 2463534242;

    public HeavyHitters(int capacity)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        _slots = new Entry[capacity];
        _index = new Dictionary<TKey, int>(capacity);
    }

    public int Capacity => _slots.Length;

    public int Count => _used;

    /// <summary>Counts one occurrence of <paramref name="key"/>, ranked by <paramref name="weight"/>, carrying <paramref name="milliseconds"/>.</summary>
    public void Add(TKey key, double weight, double milliseconds)
    {
        if (_index.TryGetValue(key, out var slot))
        {
            ref var hit = ref _slots[slot];
            hit.Weight += weight;
            hit.Calls++;
            hit.TotalMs += milliseconds;
            return;
        }
        if (_used < _slots.Length)
        {
            slot = _used++;
            _slots[slot] = new Entry { Key = key, Weight = weight, Calls = 1, TotalMs = milliseconds };
            _index[key] = slot;
            return;
        }
        slot = LightestSampled();
        ref var victim = ref _slots[slot];
        _index.Remove(victim.Key);
        var inherited = victim.Weight;
        victim = new Entry { Key = key, Weight = inherited + weight, Error = inherited, Calls = 1, TotalMs = milliseconds };
        _index[key] = slot;
    }

    /// <summary>Copies the tracked entries (unordered).</summary>
    public void CopyTo(List<HeavyHitter<TKey>> into)
    {
        ArgumentNullException.ThrowIfNull(into);
        for (var i = 0; i < _used; i++)
        {
            var e = _slots[i];
            into.Add(new HeavyHitter<TKey>(e.Key, e.Weight, e.Error, e.Calls, e.TotalMs));
        }
    }

    public void Clear()
    {
        Array.Clear(_slots, 0, _used);
        _index.Clear();
        _used = 0;
    }

    private int LightestSampled()
    {
        // xorshift32: cheap and good enough to spread the probes.
        _random ^= _random << 13;
        _random ^= _random >> 17;
        _random ^= _random << 5;
        var start = (int)(_random % (uint)_slots.Length);
        var best = start;
        var probes = Math.Min(EvictionProbes, _slots.Length);
        for (var i = 1; i < probes; i++)
        {
            var candidate = (start + i) % _slots.Length;
            if (_slots[candidate].Weight < _slots[best].Weight) best = candidate;
        }
        return best;
    }

    private struct Entry
    {
        public TKey Key;
        public double Weight;
        public double Error;
        public long Calls;
        public double TotalMs;
    }
}

/// <summary>One tracked key: its estimated weight (over-estimated by at most <see cref="Error"/>), calls and time seen while tracked.</summary>
public readonly record struct HeavyHitter<TKey>(TKey Key, double Weight, double Error, long Calls, double TotalMs);
