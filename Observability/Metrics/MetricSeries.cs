namespace GrainPipeline.Observability.Metrics;

/// <summary>
/// The running value of one instrument with one set of tags, as Prometheus will show it:
/// a sum (counters), a last value (gauges) or bucket counts with sum and count (histograms).
/// </summary>
internal sealed class MetricSeries
{
    /// <summary>Upper bounds of histogram buckets, in the instrument's unit (milliseconds for durations).</summary>
    internal static readonly double[] BucketBounds = [1, 2, 5, 10, 25, 50, 100, 250, 500, 1_000, 2_500, 5_000, 10_000];

    private readonly Lock _gate = new();
    private readonly long[]? _buckets;
    private double _value;
    private long _count;

    public MetricSeries(string labels, bool histogram)
    {
        Labels = labels;
        if (histogram) _buckets = new long[BucketBounds.Length + 1];
    }

    /// <summary>Prometheus label text, e.g. <c>endpoint="pixel",status="202"</c>; empty without tags.</summary>
    public string Labels { get; }

    public void Add(double delta)
    {
        lock (_gate) _value += delta;
    }

    public void Set(double value)
    {
        lock (_gate) _value = value;
    }

    public void Observe(double value)
    {
        lock (_gate)
        {
            var bucket = 0;
            while (bucket < BucketBounds.Length && value > BucketBounds[bucket]) bucket++;
            _buckets![bucket]++;
            _value += value;
            _count++;
        }
    }

    /// <summary>A consistent copy: value (or histogram sum), count, and cumulative bucket counts.</summary>
    public (double Value, long Count, long[] CumulativeBuckets) Snapshot()
    {
        lock (_gate)
        {
            if (_buckets is null) return (_value, 0, []);
            var cumulative = new long[_buckets.Length];
            long running = 0;
            for (var i = 0; i < _buckets.Length; i++)
            {
                running += _buckets[i];
                cumulative[i] = running;
            }
            return (_value, _count, cumulative);
        }
    }
}
