using System.Diagnostics;
using GrainPipeline.Dashboard.Sources;
using Microsoft.Extensions.Logging;

namespace GrainPipeline.Dashboard.Sampling;

/// <summary>
/// Once per interval, reads the silo's totals and gauges (<see cref="IDashboardSource.ReadCounters"/>)
/// and the process's memory figures, turns the differences into rates and interval percentiles, and
/// appends one row to the <see cref="TimeSeriesRing"/>. That is all it does whether or not anyone is
/// looking: no per-event work, nothing that grows. Requests read the ring; they never sample.
/// </summary>
public sealed partial class Sampler : IAsyncDisposable
{
    private const double MiB = 1024 * 1024;

    private readonly IDashboardSource _source;
    private readonly TimeSpan _interval;
    private readonly TimeProvider _clock;
    private readonly ILogger _logger;
    private readonly CancellationTokenSource _stop = new();
    private readonly Lock _tickLock = new();
    private Task _loop = Task.CompletedTask;
    private Reading? _previous;
    private long _ticks;
    private long _tickElapsedTicks;
    private long _lastTickElapsedTicks;
    private long _firstTickElapsedTicks;

    public Sampler(IDashboardSource source, TimeSeriesRing ring, TimeSpan interval, TimeProvider? clock = null, ILogger? logger = null)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(ring);
        _source = source;
        Ring = ring;
        _interval = interval;
        _clock = clock ?? TimeProvider.System;
        _logger = logger ?? Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance;
    }

    public TimeSeriesRing Ring { get; }

    /// <summary>The counters read by the last sample (null before the first).</summary>
    public SiloCounters? Latest => Volatile.Read(ref _previous)?.Counters;

    /// <summary>What sampling has cost so far: samples taken and time spent in them.</summary>
    public SamplerCost Cost => new(Interlocked.Read(ref _ticks),
        Stopwatch.GetElapsedTime(0, Interlocked.Read(ref _tickElapsedTicks)).TotalMilliseconds,
        Stopwatch.GetElapsedTime(0, Interlocked.Read(ref _lastTickElapsedTicks)).TotalMilliseconds * 1000,
        Stopwatch.GetElapsedTime(0, Interlocked.Read(ref _firstTickElapsedTicks)).TotalMilliseconds * 1000,
        Ring.FootprintBytes);

    public void Start() => _loop = RunAsync(_stop.Token);

    /// <summary>Takes one sample now (the loop calls it each interval; tests call it after moving a fake clock).</summary>
    public void SampleNow()
    {
        lock (_tickLock)
        {
            var started = Stopwatch.GetTimestamp();
            var reading = new Reading(_source.ReadCounters(), _clock.GetTimestamp(), Environment.WorkingSet, GC.GetTotalMemory(false),
                GC.CollectionCount(0), GC.CollectionCount(1), GC.CollectionCount(2));
            var row = new Dictionary<string, double>(48, StringComparer.Ordinal);
            AddGauges(row, reading);
            if (_previous is { } previous)
            {
                var seconds = _clock.GetElapsedTime(previous.Timestamp, reading.Timestamp).TotalSeconds;
                if (seconds > 0) AddRates(row, previous, reading, seconds);
            }
            Ring.Append(_clock.GetUtcNow().ToUnixTimeMilliseconds(), row);
            Volatile.Write(ref _previous, reading);
            var elapsed = Stopwatch.GetTimestamp() - started;
            // The first sample pays the JIT; it is reported apart so the mean says what a sample costs.
            if (Interlocked.Increment(ref _ticks) == 1) Interlocked.Exchange(ref _firstTickElapsedTicks, elapsed);
            else Interlocked.Add(ref _tickElapsedTicks, elapsed);
            Interlocked.Exchange(ref _lastTickElapsedTicks, elapsed);
        }
    }

    private static void AddGauges(Dictionary<string, double> row, Reading reading)
    {
        var c = reading.Counters;
        row[SeriesNames.InFlightMessages] = c.InFlightMessages;
        row[SeriesNames.InFlightBytes] = c.InFlightBytes;
        row[SeriesNames.PausedPartitions] = c.PausedPartitions;
        row[SeriesNames.TotalLag] = c.TotalLag;
        row[SeriesNames.Activations] = c.Activations;
        foreach (var (type, count) in c.ActivationsByType) row[SeriesNames.ActivationsOfType + type] = count;
        row[SeriesNames.RssMiB] = reading.RssBytes / MiB;
        row[SeriesNames.GcHeapMiB] = reading.GcHeapBytes / MiB;
    }

    private static void AddRates(Dictionary<string, double> row, Reading before, Reading now, double seconds)
    {
        var (a, b) = (before.Counters, now.Counters);
        double Rate(long earlier, long later) => Math.Max(0, later - earlier) / seconds;
        var completed = Math.Max(0, b.Completed - a.Completed);
        var deadLettered = Math.Max(0, b.DeadLettered - a.DeadLettered);
        row[SeriesNames.EventsPerSecond] = completed / seconds;
        row[SeriesNames.ConsumedPerSecond] = Rate(a.Consumed, b.Consumed);
        row[SeriesNames.ProcessedPerSecond] = Rate(a.Processed, b.Processed);
        row[SeriesNames.DeadLetteredPerSecond] = deadLettered / seconds;
        row[SeriesNames.ErrorRatePercent] = completed == 0 ? 0 : 100.0 * deadLettered / completed;
        var latency = b.EndToEnd.Minus(a.EndToEnd);
        if (latency.Count > 0)
        {
            row[SeriesNames.EndToEndP50] = latency.Percentile(0.50);
            row[SeriesNames.EndToEndP99] = latency.Percentile(0.99);
        }
        row[SeriesNames.ActivationsPerSecond] = Rate(a.Activated, b.Activated);
        row[SeriesNames.DeactivationsPerSecond] = Rate(a.Deactivations, b.Deactivations);
        foreach (var stage in b.Stages)
        {
            var earlier = a.Stages.FirstOrDefault(s => s.Name == stage.Name);
            row[SeriesNames.StageCalls + stage.Name] = Rate(earlier?.Calls ?? 0, stage.Calls);
            if (stage.Duration is { } duration && earlier?.Duration is { } previous)
            {
                var window = duration.Minus(previous);
                if (window.Count > 0) row[SeriesNames.StageP99 + stage.Name] = window.Percentile(0.99);
            }
        }
        row[SeriesNames.Gen0PerSecond] = Math.Max(0, now.Gen0 - before.Gen0) / seconds;
        row[SeriesNames.Gen1PerSecond] = Math.Max(0, now.Gen1 - before.Gen1) / seconds;
        row[SeriesNames.Gen2PerSecond] = Math.Max(0, now.Gen2 - before.Gen2) / seconds;
        row[SeriesNames.CellsFlushedPerSecond] = Rate(a.CellsFlushed, b.CellsFlushed);
    }

    private async Task RunAsync(CancellationToken cancellation)
    {
        using var timer = new PeriodicTimer(_interval, _clock);
        try
        {
            while (await timer.WaitForNextTickAsync(cancellation))
            {
                try
                {
                    SampleNow();
                }
                catch (Exception e)
                {
                    LogSampleFailed(_logger, e);
                }
            }
        }
        catch (OperationCanceledException) when (cancellation.IsCancellationRequested)
        {
            // Stopping.
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _loop;
        _stop.Dispose();
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Dashboard sample failed; the next interval tries again")]
    private static partial void LogSampleFailed(ILogger logger, Exception error);

    private sealed record Reading(SiloCounters Counters, long Timestamp, long RssBytes, long GcHeapBytes, int Gen0, int Gen1, int Gen2);
}

/// <summary>
/// What the sampler has cost: samples taken, milliseconds spent in all but the first (which pays the
/// JIT and is given apart), the last one, and the rings' bytes.
/// </summary>
public sealed record SamplerCost(long Samples, double TotalMs, double LastSampleMicros, double FirstSampleMicros, long RingBytes)
{
    public double MeanSampleMicros => Samples <= 1 ? 0 : TotalMs * 1000 / (Samples - 1);
}
