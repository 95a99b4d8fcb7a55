namespace GrainPipeline.Ingest.Diagnostics;

/// <summary>
/// End-to-end latency percentiles in fixed memory: log-linear buckets (16 per power of two) from
/// 1 µs to ~1 hour, so any percentile is within ~4.5% of the true value. Lock-free recording.
/// </summary>
public sealed class LatencyHistogram
{
    private const int SubBuckets = 16;
    private const int Powers = 32;
    private readonly long[] _counts = new long[Powers * SubBuckets];
    private long _total;

    public long Count => Interlocked.Read(ref _total);

    public void Record(TimeSpan latency)
    {
        var micros = Math.Max(1, (long)latency.TotalMicroseconds);
        Interlocked.Increment(ref _counts[IndexOf(micros)]);
        Interlocked.Increment(ref _total);
    }

    /// <summary>The latency at or below which <paramref name="quantile"/> of the records fall (upper bucket bound).</summary>
    public TimeSpan Percentile(double quantile)
    {
        var total = Count;
        if (total == 0) return TimeSpan.Zero;
        var rank = (long)Math.Ceiling(quantile * total);
        long seen = 0;
        for (var i = 0; i < _counts.Length; i++)
        {
            seen += Interlocked.Read(ref _counts[i]);
            if (seen >= rank) return TimeSpan.FromMicroseconds(UpperBound(i));
        }
        return TimeSpan.FromMicroseconds(UpperBound(_counts.Length - 1));
    }

    private static int IndexOf(long micros)
    {
        var power = (int)Math.Min(Powers - 1, 63 - long.LeadingZeroCount(micros));
        var baseValue = 1L << power;
        var sub = (int)Math.Min(SubBuckets - 1, (micros - baseValue) * SubBuckets / baseValue);
        return (power * SubBuckets) + sub;
    }

    private static double UpperBound(int index)
    {
        var power = index / SubBuckets;
        var sub = index % SubBuckets;
        var baseValue = (double)(1L << power);
        return baseValue + ((sub + 1) * baseValue / SubBuckets);
    }
}
