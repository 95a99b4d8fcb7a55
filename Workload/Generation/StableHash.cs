namespace GrainPipeline.Workload.Generation;

/// <summary>
/// Stable 64-bit mixing (the SplitMix64 finaliser). Used instead of <see cref="HashCode"/> or
/// <c>string.GetHashCode</c>, which are randomised per process and would break determinism.
/// <see cref="Mix"/> is a bijection, so distinct inputs give distinct outputs: ids built on it are unique.
/// </summary>
internal static class StableHash
{
    private const ulong Golden = 0x9E3779B97F4A7C15UL;

    public static ulong Mix(ulong x)
    {
        x += Golden;
        x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9UL;
        x = (x ^ (x >> 27)) * 0x94D049BB133111EBUL;
        return x ^ (x >> 31);
    }

    /// <summary>A key per (seed, purpose), so different id families never collide by construction.</summary>
    public static ulong Key(int seed, ulong purpose) => Mix(Mix((ulong)(uint)seed) ^ Mix(purpose * Golden));

    /// <summary>Hash of a value under a key; a bijection of <paramref name="value"/> for a fixed key.</summary>
    public static ulong Of(ulong key, ulong value) => Mix(key ^ Mix(value));

    public static ulong Of(ulong key, ulong a, ulong b) => Of(Of(key, a), b);
}
