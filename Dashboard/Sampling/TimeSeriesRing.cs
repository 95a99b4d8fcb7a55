namespace GrainPipeline.Dashboard.Sampling;

/// <summary>
/// Fixed-size history: one ring of timestamps and one ring of values per named series, all the
/// same length. A row is written once per sample; the oldest row is overwritten. Series are added
/// on first use up to <see cref="MaxSeries"/>, after which new names are ignored, so memory is at
/// most (1 + MaxSeries) × Capacity × 8 bytes however long the silo runs and however many grains it hosts.
/// </summary>
public sealed class TimeSeriesRing
{
    private readonly Lock _lock = new();
    private readonly long[] _times;
    private readonly Dictionary<string, double[]> _series = new(StringComparer.Ordinal);
    private long _rows;

    public TimeSeriesRing(int capacity, int maxSeries)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxSeries, 1);
        _times = new long[capacity];
        MaxSeries = maxSeries;
    }

    public int Capacity => _times.Length;

    public int MaxSeries { get; }

    public int SeriesCount
    {
        get { lock (_lock) return _series.Count; }
    }

    /// <summary>Rows ever written.</summary>
    public long Rows
    {
        get { lock (_lock) return _rows; }
    }

    /// <summary>Bytes held by the rings (the arrays; dictionary overhead aside).</summary>
    public long FootprintBytes
    {
        get { lock (_lock) return (long)_times.Length * sizeof(long) * (1 + _series.Count); }
    }

    /// <summary>Writes one row at <paramref name="unixMs"/>; series missing from <paramref name="values"/> get no value (NaN) in it.</summary>
    public void Append(long unixMs, IReadOnlyDictionary<string, double> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        lock (_lock)
        {
            var slot = (int)(_rows % _times.Length);
            _times[slot] = unixMs;
            foreach (var ring in _series.Values) ring[slot] = double.NaN;
            foreach (var (name, value) in values)
            {
                if (!_series.TryGetValue(name, out var ring))
                {
                    if (_series.Count >= MaxSeries) continue;
                    ring = new double[_times.Length];
                    Array.Fill(ring, double.NaN);
                    _series[name] = ring;
                }
                ring[slot] = value;
            }
            _rows++;
        }
    }

    /// <summary>Rows newer than <paramref name="sinceUnixMs"/>, oldest first; NaN becomes null.</summary>
    public SeriesWindow Read(long sinceUnixMs = long.MinValue)
    {
        lock (_lock)
        {
            var kept = (int)Math.Min(_rows, _times.Length);
            var slots = new List<int>(kept);
            for (var i = kept; i >= 1; i--)
            {
                var slot = (int)((_rows - i) % _times.Length);
                if (_times[slot] > sinceUnixMs) slots.Add(slot);
            }
            var times = slots.Select(s => _times[s]).ToArray();
            var series = _series.ToDictionary(
                p => p.Key,
                p => slots.Select(s => double.IsNaN(p.Value[s]) ? (double?)null : Math.Round(p.Value[s], 3)).ToArray(),
                StringComparer.Ordinal);
            return new SeriesWindow(times, series);
        }
    }

    /// <summary>The newest value of a series, or null.</summary>
    public double? Latest(string name)
    {
        lock (_lock)
        {
            if (_rows == 0 || !_series.TryGetValue(name, out var ring)) return null;
            var value = ring[(int)((_rows - 1) % _times.Length)];
            return double.IsNaN(value) ? null : value;
        }
    }
}

/// <summary>A window of rows: timestamps (unix ms) and, per series, one value or null per timestamp.</summary>
public sealed record SeriesWindow(long[] Times, IReadOnlyDictionary<string, double?[]> Series);
