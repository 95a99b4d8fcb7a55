using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using GrainPipeline.Grains.Stages;
using GrainPipeline.Observability.Collections;
using GrainPipeline.Observability.Histograms;
using GrainPipeline.Runtime.Diagnostics;

namespace GrainPipeline.Grains.Flushing;

/// <summary>
/// What the product-stats flushers did: the last flush per partition, the last few flushes, cells
/// moved and batch timings. Bounded by the partition count and a fixed ring, whatever the traffic.
/// </summary>
public sealed class FlusherStatistics
{
    public const int RecentCapacity = 50;

    private readonly ConcurrentDictionary<int, FlushRecord> _lastByPartition = new();
    private readonly Counter<long>? _cells;
    private readonly Histogram<double>? _batchDuration;
    private long _cellsTotal;
    private long _flushes;
    private long _batches;
    private long _cutShort;
    private long _finalCutShort;

    private readonly PipelineCounters? _stores;

    /// <param name="stores">Where the flusher's store calls are counted (timeouts, errors) beside the stages' ones.</param>
    public FlusherStatistics(Meter? meter = null, PipelineCounters? stores = null)
    {
        _stores = stores;
        _cells = meter?.CreateCounter<long>(InstrumentNames.FlushedCells, "{cell}", "Product-stat cells moved from the buffer to the store");
        _batchDuration = meter?.CreateHistogram<double>(InstrumentNames.FlushBatchDuration, "ms", "One flusher batch: take from the buffer and bulk write");
    }

    public long CellsFlushed => Interlocked.Read(ref _cellsTotal);
    public long Flushes => Interlocked.Read(ref _flushes);
    public long Batches => Interlocked.Read(ref _batches);

    /// <summary>Flushes that stopped at their time bound with cells possibly left in the buffer.</summary>
    public long FlushesCutShort => Interlocked.Read(ref _cutShort);

    /// <summary>Of those, final flushes (a hand-over, a deactivation): their cells wait for the partition's next owner.</summary>
    public long FinalFlushesCutShort => Interlocked.Read(ref _finalCutShort);

    /// <summary>Durations of single batches (take + bulk write).</summary>
    public LatencyHistogram BatchDuration { get; } = new();

    /// <summary>The last flushes that moved cells, of any partition, newest first (empty flushes would crowd them out).</summary>
    public RecentItems<FlushRecord> Recent { get; } = new(RecentCapacity);

    public IReadOnlyList<FlushRecord> LastByPartition => _lastByPartition.Values.OrderBy(f => f.Partition).ToList();

    public void BatchDone(int cells, TimeSpan duration)
    {
        Interlocked.Increment(ref _batches);
        Interlocked.Add(ref _cellsTotal, cells);
        BatchDuration.Record(duration);
        _cells?.Add(cells);
        if (_batchDuration?.Enabled == true) _batchDuration.Record(duration.TotalMilliseconds);
    }

    /// <summary>Runs one store call of the flusher, counted per store like the stages' calls.</summary>
    public async Task<T> StoreCallAsync<T>(string store, CancellationToken deadline, Func<Task<T>> call)
    {
        ArgumentNullException.ThrowIfNull(call);
        var statistics = _stores?.Stages.Store(store);
        statistics?.Called();
        try
        {
            return await call();
        }
        catch (OperationCanceledException) when (deadline.IsCancellationRequested && statistics is not null)
        {
            _stores!.StoreTimedOut(statistics);
            throw;
        }
        catch (Exception e) when (e is not OperationCanceledException && statistics is not null)
        {
            _stores!.StoreFailed(statistics);
            throw;
        }
    }

    public void FlushDone(FlushRecord flush)
    {
        ArgumentNullException.ThrowIfNull(flush);
        Interlocked.Increment(ref _flushes);
        if (flush.CutShort) Interlocked.Increment(ref _cutShort);
        if (flush is { CutShort: true, Final: true }) Interlocked.Increment(ref _finalCutShort);
        _lastByPartition[flush.Partition] = flush;
        if (flush.Cells > 0) Recent.Add(flush);
    }
}

/// <summary>One flush of one partition's buffer: when it finished, cells moved, batches and how long it took.</summary>
public sealed record FlushRecord(int Partition, DateTimeOffset At, int Cells, int Batches, double DurationMs)
{
    /// <summary>The flush reached its time bound before it found the buffer empty: the rest waits for the next flush.</summary>
    public bool CutShort { get; init; }

    /// <summary>The partition's last flush on this activation (a hand-over or a deactivation), not a reminder's.</summary>
    public bool Final { get; init; }
}
