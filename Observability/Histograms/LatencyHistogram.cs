namespace GrainPipeline.Observability.Histograms;

/// <summary>
/// Durations in milliseconds counted into a fixed set of log-spaced buckets, lock-free. It never
/// grows: 82 counters whatever the traffic, so a hot path pays one <see cref="Math.Log(double)"/>
/// and two interlocked adds. Readers take a <see cref="Snapshot"/> and subtract an earlier one to
/// get the percentiles of an interval (the dashboard's last second).
/// </summary>
public sealed class LatencyHistogram
{
    /// <summary>Upper bound of the first bucket, in ms.</summary>
    public const double MinimumMs = 0.01;

    /// <summary>Each bucket's bound is this much above the previous one: a percentile is off by at most this factor.</summary>
    public const double Growth = 1.25;

    /// <summary>Buckets up to ~10 minutes (0.01 ms × 1.25^80), plus one for anything longer.</summary>
    public const int BucketCount = 82;

    private static readonly double LogGrowth = Math.Log(Growth);
    private static readonly double[] Bounds = Enumerable.Range(0, BucketCount - 1).Select(i => MinimumMs * Math.Pow(Growth, i)).Append(double.PositiveInfinity).ToArray();

    private readonly long[] _buckets = new long[BucketCount];
    private long _sumMicros;

    /// <summary>The upper bound of bucket <paramref name="index"/> in ms (the last one is +∞).</summary>
    public static double UpperBound(int index) => Bounds[index];

    public void Record(TimeSpan duration) => Record(duration.TotalMilliseconds);

    public void Record(double milliseconds)
    {
        if (double.IsNaN(milliseconds) || milliseconds < 0) milliseconds = 0;
        Interlocked.Increment(ref _buckets[IndexOf(milliseconds)]);
        Interlocked.Add(ref _sumMicros, (long)Math.Min(milliseconds * 1000, long.MaxValue / 4));
    }

    /// <summary>A copy of the counters; counts taken one by one, so a snapshot may straddle a few concurrent records.</summary>
    public HistogramSnapshot Snapshot()
    {
        var counts = new long[BucketCount];
        for (var i = 0; i < counts.Length; i++) counts[i] = Volatile.Read(ref _buckets[i]);
        return new HistogramSnapshot(counts, Interlocked.Read(ref _sumMicros) / 1000.0);
    }

    internal static int IndexOf(double milliseconds)
    {
        if (milliseconds <= MinimumMs) return 0;
        var index = (int)Math.Ceiling(Math.Log(milliseconds / MinimumMs) / LogGrowth - 1e-9);
        return Math.Clamp(index, 0, BucketCount - 1);
    }
}
