using System.Runtime.InteropServices;

namespace GrainPipeline.Stores.Memory;

/// <summary>
/// Event id → write sequence, without an object per event. Shopify event ids are a short prefix and a
/// GUID (<c>sh-1b4e…</c>, or a bare GUID for webhooks); those are kept as the parsed GUID plus the
/// prefix's number in a small prefix table: exact, 32 bytes an entry inside a
/// <see cref="Dictionary{TKey,TValue}"/>'s arrays. A string id per event (and a concurrent
/// dictionary's node for it) cost ~160 bytes and, worse, one more live object for every collection
/// to mark: a million ids held that way made the garbage collector the silo's largest CPU user.
/// Ids of any other shape keep their string. Striped so concurrent turns rarely share a lock.
/// </summary>
internal sealed class CompactEventIndex
{
    private const int StripeCount = 32;
    /// <summary>Distinct prefixes are few (one per event source); past this, ids are kept as strings.</summary>
    private const int MaxPrefixes = 256;
    private const int MaxPrefixLength = 16;

    private readonly Stripe[] _stripes = Enumerable.Range(0, StripeCount).Select(_ => new Stripe()).ToArray();
    /// <summary>Copy-on-write: read without a lock on every call, appended to under <see cref="_prefixLock"/>.</summary>
    private volatile string[] _prefixes = [];
    private readonly Lock _prefixLock = new();

    public int Count => _stripes.Sum(s => s.Count);

    /// <summary>Adds the id, numbered by incrementing <paramref name="sequence"/>, unless it is already there.</summary>
    public bool TryAdd(string eventId, ref long sequence)
    {
        bool exists;
        if (TryCompact(eventId, create: true, out var key))
        {
            var stripe = _stripes[(int)((uint)key.GetHashCode() % StripeCount)];
            lock (stripe.Gate)
            {
                ref var slot = ref CollectionsMarshal.GetValueRefOrAddDefault(stripe.Compact, key, out exists);
                if (!exists) slot = Interlocked.Increment(ref sequence);
            }
            return !exists;
        }
        var other = _stripes[(int)((uint)StringComparer.Ordinal.GetHashCode(eventId) % StripeCount)];
        lock (other.Gate)
        {
            ref var slot = ref CollectionsMarshal.GetValueRefOrAddDefault(other.Strings, eventId, out exists);
            if (!exists) slot = Interlocked.Increment(ref sequence);
        }
        return !exists;
    }

    public bool TryGet(string eventId, out long sequence)
    {
        sequence = 0;
        if (TryCompact(eventId, create: false, out var key))
        {
            var stripe = _stripes[(int)((uint)key.GetHashCode() % StripeCount)];
            lock (stripe.Gate) return stripe.Compact.TryGetValue(key, out sequence);
        }
        var other = _stripes[(int)((uint)StringComparer.Ordinal.GetHashCode(eventId) % StripeCount)];
        lock (other.Gate) return other.Strings.TryGetValue(eventId, out sequence);
    }

    /// <summary>
    /// "prefix-GUID" or a bare GUID, in canonical lower-case "D" form only, so that the GUID's text can
    /// be rebuilt exactly and two different ids never share a key.
    /// </summary>
    private bool TryCompact(string eventId, bool create, out CompactId key)
    {
        key = default;
        const int GuidLength = 36;
        if (eventId.Length < GuidLength) return false;
        var guidText = eventId.AsSpan(eventId.Length - GuidLength);
        Span<char> canonical = stackalloc char[GuidLength];
        if (!Guid.TryParseExact(guidText, "D", out var guid) || !guid.TryFormat(canonical, out _, "D") || !guidText.SequenceEqual(canonical)) return false;
        var prefix = eventId.AsSpan(0, eventId.Length - GuidLength);
        if (prefix.Length > MaxPrefixLength) return false;
        var prefixNumber = PrefixNumber(prefix, create);
        if (prefixNumber < 0) return false;
        key = new CompactId(guid, prefixNumber);
        return true;
    }

    private int PrefixNumber(ReadOnlySpan<char> prefix, bool create)
    {
        var known = _prefixes;
        for (var i = 0; i < known.Length; i++)
        {
            if (prefix.SequenceEqual(known[i])) return i;
        }
        if (!create) return -1;
        lock (_prefixLock)
        {
            known = _prefixes;
            for (var i = 0; i < known.Length; i++)
            {
                if (prefix.SequenceEqual(known[i])) return i;
            }
            if (known.Length >= MaxPrefixes) return -1;
            _prefixes = [.. known, prefix.ToString()];
            return known.Length;
        }
    }

    private readonly record struct CompactId(Guid Guid, int Prefix);

    private sealed class Stripe
    {
        public Lock Gate { get; } = new();
        public Dictionary<CompactId, long> Compact { get; } = [];
        public Dictionary<string, long> Strings { get; } = new(StringComparer.Ordinal);
        public int Count
        {
            get
            {
                lock (Gate) return Compact.Count + Strings.Count;
            }
        }
    }
}
