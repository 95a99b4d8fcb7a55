namespace GrainPipeline.Observability.Histograms;

/// <summary>The counts of a <see cref="LatencyHistogram"/> at one moment; subtract two for an interval.</summary>
public sealed class HistogramSnapshot
{
    public static readonly HistogramSnapshot Empty = new(new long[LatencyHistogram.BucketCount], 0);

    private readonly long[] _counts;

    public HistogramSnapshot(long[] counts, double sumMs)
    {
        ArgumentNullException.ThrowIfNull(counts);
        if (counts.Length != LatencyHistogram.BucketCount) throw new ArgumentException($"expected {LatencyHistogram.BucketCount} buckets", nameof(counts));
        _counts = counts;
        SumMs = sumMs;
        Count = counts.Sum();
    }

    public long Count { get; }

    public double SumMs { get; }

    public double MeanMs => Count == 0 ? 0 : SumMs / Count;

    public long CountAt(int bucket) => _counts[bucket];

    /// <summary>What happened between <paramref name="earlier"/> and this snapshot.</summary>
    public HistogramSnapshot Minus(HistogramSnapshot earlier)
    {
        ArgumentNullException.ThrowIfNull(earlier);
        var counts = new long[_counts.Length];
        for (var i = 0; i < counts.Length; i++) counts[i] = Math.Max(0, _counts[i] - earlier._counts[i]);
        return new HistogramSnapshot(counts, Math.Max(0, SumMs - earlier.SumMs));
    }

    /// <summary>
    /// The value below which <paramref name="quantile"/> of the observations fall, interpolated
    /// inside its bucket; 0 when empty. Never further from the truth than one bucket (a factor of
    /// <see cref="LatencyHistogram.Growth"/>).
    /// </summary>
    public double Percentile(double quantile)
    {
        if (Count == 0) return 0;
        quantile = Math.Clamp(quantile, 0, 1);
        var rank = quantile * Count;
        long seen = 0;
        for (var i = 0; i < _counts.Length; i++)
        {
            if (_counts[i] == 0) continue;
            if (seen + _counts[i] >= rank)
            {
                var lower = i == 0 ? 0 : LatencyHistogram.UpperBound(i - 1);
                var upper = LatencyHistogram.UpperBound(i);
                if (double.IsPositiveInfinity(upper)) return lower;
                var within = (rank - seen) / _counts[i];
                return lower + (upper - lower) * Math.Clamp(within, 0, 1);
            }
            seen += _counts[i];
        }
        return LatencyHistogram.UpperBound(LatencyHistogram.BucketCount - 2);
    }
}
