using System.Diagnostics;
using System.Diagnostics.Metrics;
using GrainPipeline.Observability.Histograms;
using GrainPipeline.Runtime.Diagnostics;

namespace GrainPipeline.Ingest.Diagnostics;

/// <summary>The pump's counters: plain totals for summaries, the same numbers as metrics for /metrics.</summary>
public sealed class IngestStatistics
{
    public const string MeterName = "GrainPipeline.Ingest";

    private readonly Meter _meter;
    private readonly Counter<long> _consumed;
    private readonly Counter<long> _completed;
    private readonly Histogram<double> _commitLatency;
    private readonly Histogram<double> _endToEnd;
    private long _consumedTotal;
    private long _skippedTotal;
    private readonly Counter<long> _skipped;
    private long _firstConsumedAt;
    private long _lastCompletedAt;
    private long _completedTotal;
    private long _pausedTicks;
    private long _pausedSince;
    private int _pausedPartitions;
    private volatile IReadOnlyDictionary<int, long> _lagByPartition = new Dictionary<int, long>();
    private volatile IReadOnlyDictionary<int, long> _committedByPartition = new Dictionary<int, long>();

    public IngestStatistics(Meter meter)
    {
        ArgumentNullException.ThrowIfNull(meter);
        _meter = meter;
        _consumed = meter.CreateCounter<long>(InstrumentNames.Consumed, description: "Records read from Kafka");
        _completed = meter.CreateCounter<long>(InstrumentNames.Completed, description: "Records fully processed or dead-lettered");
        _skipped = meter.CreateCounter<long>(InstrumentNames.SkippedRecords, description: "Offsets the consumer jumped over without reading them (e.g. dropped by retention before they were read)");
        _commitLatency = meter.CreateHistogram<double>(InstrumentNames.CommitDuration, unit: "ms", description: "Offset commit latency");
        _endToEnd = meter.CreateHistogram<double>(InstrumentNames.EndToEnd, unit: "ms", description: "From gp-received-at (or the Kafka timestamp) to fully processed");
        meter.CreateObservableGauge(InstrumentNames.PausedPartitions, () => Volatile.Read(ref _pausedPartitions), description: "Partitions paused by backpressure");
        meter.CreateObservableGauge(InstrumentNames.Lag, ObserveLag, description: "Records behind the end of each assigned partition");
        meter.CreateObservableCounter(InstrumentNames.PausedTime, () => PausedTime.TotalMilliseconds, unit: "ms", description: "Time spent with partitions paused");
    }

    /// <summary>End-to-end latency in fixed buckets, for percentiles over any interval (the dashboard's last second).</summary>
    public LatencyHistogram EndToEnd { get; } = new();

    /// <summary>Partitions paused right now (all assigned ones while over budget, else none).</summary>
    public int PausedPartitions => Volatile.Read(ref _pausedPartitions);

    /// <summary>The last offset this silo committed, per partition it has committed on since its assignment.</summary>
    public IReadOnlyDictionary<int, long> CommittedByPartition => _committedByPartition;

    public long Consumed => Interlocked.Read(ref _consumedTotal);
    public long Completed => Interlocked.Read(ref _completedTotal);

    public TimeSpan PausedTime
    {
        get
        {
            var since = Interlocked.Read(ref _pausedSince);
            var open = since == 0 ? 0 : Stopwatch.GetTimestamp() - since;
            return Stopwatch.GetElapsedTime(0, Interlocked.Read(ref _pausedTicks) + open);
        }
    }

    /// <summary>Records behind the partition end, per assigned partition, as last sampled by the poll thread.</summary>
    public IReadOnlyDictionary<int, long> LagByPartition => _lagByPartition;

    public void RecordLag(IReadOnlyDictionary<int, long> lagByPartition) => _lagByPartition = lagByPartition;

    public void RecordCommitted(IReadOnlyDictionary<int, long> committedByPartition) => _committedByPartition = committedByPartition;

    /// <summary>Publishes the in-flight budget as gauges.</summary>
    public void ObserveBudget(Func<long> messages, Func<long> bytes)
    {
        _meter.CreateObservableGauge(InstrumentNames.InFlightMessages, messages, "{message}", "Records admitted and not yet done");
        _meter.CreateObservableGauge(InstrumentNames.InFlightBytes, bytes, "By", "Bytes of records admitted and not yet done");
    }

    private IEnumerable<Measurement<long>> ObserveLag() =>
        _lagByPartition.Select(p => new Measurement<long>(p.Value, new KeyValuePair<string, object?>("partition", p.Key)));

    /// <summary>From the first record consumed to the last one completed: the window throughput is measured over.</summary>
    public TimeSpan ActiveTime
    {
        get
        {
            var first = Interlocked.Read(ref _firstConsumedAt);
            var last = Interlocked.Read(ref _lastCompletedAt);
            return first == 0 || last < first ? TimeSpan.Zero : Stopwatch.GetElapsedTime(first, last);
        }
    }

    /// <summary>
    /// Offsets the consumer jumped over without reading: between the position it expected (the
    /// committed offset, or the record after the last one taken) and the record it got. On the
    /// events topic (neither compacted nor transactional) each one is a record lost to the pipeline.
    /// </summary>
    public long SkippedRecords => Interlocked.Read(ref _skippedTotal);

    public void RecordSkipped(long count)
    {
        Interlocked.Add(ref _skippedTotal, count);
        _skipped.Add(count);
    }

    public void RecordConsumed()
    {
        if (Interlocked.Read(ref _firstConsumedAt) == 0) Interlocked.CompareExchange(ref _firstConsumedAt, Stopwatch.GetTimestamp(), 0);
        Interlocked.Increment(ref _consumedTotal);
        _consumed.Add(1);
    }

    /// <param name="receivedAtUnixMs">gp-received-at, else the Kafka timestamp; null when neither is known.</param>
    public void RecordCompleted(long? receivedAtUnixMs)
    {
        Interlocked.Increment(ref _completedTotal);
        Interlocked.Exchange(ref _lastCompletedAt, Stopwatch.GetTimestamp());
        _completed.Add(1);
        if (receivedAtUnixMs is not { } sent || sent <= 0) return;
        var latency = Math.Max(0, DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() - sent);
        EndToEnd.Record(latency);
        if (_endToEnd.Enabled) _endToEnd.Record(latency);
    }

    public void RecordCommit(TimeSpan latency) => _commitLatency.Record(latency.TotalMilliseconds);

    public void Paused(int partitions)
    {
        Volatile.Write(ref _pausedPartitions, partitions);
        Interlocked.CompareExchange(ref _pausedSince, Stopwatch.GetTimestamp(), 0);
    }

    public void Resumed()
    {
        Volatile.Write(ref _pausedPartitions, 0);
        var since = Interlocked.Exchange(ref _pausedSince, 0);
        if (since != 0) Interlocked.Add(ref _pausedTicks, Stopwatch.GetTimestamp() - since);
    }
}
