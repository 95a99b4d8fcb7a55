namespace GrainPipeline.Workload.Poison;

/// <summary>
/// Places exactly N poison records evenly among T records: the k-th at floor((2k+1)·T / 2N), the
/// middle of its share. Consecutive positions differ by at least T/N ≥ 1, so they never coincide.
/// </summary>
internal sealed class PoisonSchedule(long total, long poison)
{
    private long _emitted;

    /// <summary>How many poison records have been handed out so far (the next one's rotation index).</summary>
    public long Emitted => _emitted;

    /// <summary>Whether record <paramref name="position"/> (0-based, visited in order) is poison; advances when it is.</summary>
    public bool TakeIfPoison(long position)
    {
        if (_emitted >= poison || position != PositionOf(_emitted)) return false;
        _emitted++;
        return true;
    }

    /// <summary>Int128 because (2k+1)·T overflows 64 bits for large runs.</summary>
    public long PositionOf(long k) => (long)((2 * (Int128)k + 1) * total / (2 * (Int128)poison));
}
