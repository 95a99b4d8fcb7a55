using System.Globalization;
using System.Text;
using Confluent.Kafka;
using GrainPipeline.Kafka.Contract;
using GrainPipeline.Kafka.Native;
using GrainPipeline.Workload.Model;

namespace GrainPipeline.Workload.Producing;

/// <summary>
/// Writes generated records to Kafka through one idempotent producer (acks=all), asynchronously with
/// delivery reports, so every record is accounted for as produced or failed. It paces to a rate and,
/// because the embedded broker silently drops the oldest records of a partition beyond ~5 MiB, pauses
/// while the consumers' backlog on the busiest partition exceeds <see cref="ProduceOptions.MaxLag"/>.
/// </summary>
/// <remarks>
/// The client is created once and reused by every <see cref="RunAsync(IEnumerable{GeneratedRecord}, IProgress{long}?, CancellationToken)"/>
/// (DESIGN invariant 7); runs must not overlap. The source is enumerated on a thread-pool thread, and
/// the loop is the only producer of work: no task or closure per record.
/// </remarks>
public sealed class WorkloadProducer : IDisposable
{
    private static readonly byte[] PixelSource = Encoding.UTF8.GetBytes(RecordHeaders.SourcePixel);
    private static readonly TimeSpan ProgressInterval = TimeSpan.FromMilliseconds(100);
    private static readonly TimeSpan QueueFullBackoff = TimeSpan.FromMilliseconds(2);
    private static readonly TimeSpan LagRecheckInterval = TimeSpan.FromMilliseconds(20);
    private static readonly TimeSpan FlushSlice = TimeSpan.FromMilliseconds(500);

    private readonly ProduceOptions _options;
    private readonly TimeProvider _time;
    private readonly IProducer<byte[]?, byte[]> _producer;
    private DeliveryCounters _counters = new();
    private long _taken;
    private int _running;
    private volatile bool _pausedForLag;

    public WorkloadProducer(ProduceOptions options, TimeProvider? time = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        KafkaNativeLibrary.EnsureLoaded();
        _options = options;
        _time = time ?? TimeProvider.System;
        var diagnostics = options.Diagnostics is null ? null : TextWriter.Synchronized(options.Diagnostics);
        _producer = new ProducerBuilder<byte[]?, byte[]>(new ProducerConfig
            {
                BootstrapServers = options.Bootstrap,
                ClientId = "grain-pipeline-workload",
                Acks = Acks.All,
                EnableIdempotence = true,
                LingerMs = options.LingerMs,
                CompressionType = CompressionType.None,
                QueueBufferingMaxMessages = options.QueueMaxMessages,
                QueueBufferingMaxKbytes = options.QueueMaxKbytes,
                MessageMaxBytes = options.MessageMaxBytes,
                // Reports need only the outcome; copying every key, value and header back would double the work.
                DeliveryReportFields = "status",
            })
            .SetLogHandler((_, message) => diagnostics?.WriteLine($"produce: {message.Facility}: {message.Message}"))
            .SetErrorHandler((_, error) => diagnostics?.WriteLine($"produce: {(error.IsFatal ? "fatal: " : "")}{error.Reason}"))
            .Build();
    }

    /// <summary>Records handed to the client so far in the current run (accepted or refused by it).</summary>
    public long Produced => Interlocked.Read(ref _taken);

    /// <summary>Records the broker has acknowledged so far in the current run.</summary>
    public long Delivered => _counters.Delivered;

    public long Failed => _counters.Failed;

    /// <summary>True while the run waits for consumers to work the backlog down.</summary>
    public bool IsPausedForLag => _pausedForLag;

    /// <summary>One-shot convenience: creates a producer, runs the records through it, flushes and disposes it.</summary>
    public static async Task<ProduceReport> RunAsync(
        IEnumerable<GeneratedRecord> records,
        ProduceOptions options,
        IProgress<long>? progress = null,
        CancellationToken cancellationToken = default)
    {
        using var producer = new WorkloadProducer(options);
        return await producer.RunAsync(records, progress, cancellationToken);
    }

    /// <summary>
    /// Sends every record, then flushes. Cancellation stops taking records but still flushes (bounded by
    /// the flush timeout) and returns a report with <see cref="ProduceReport.Cancelled"/> set, so a
    /// stopped run still says what reached the broker.
    /// </summary>
    /// <param name="progress">Receives the number of records produced so far, about every 100 ms and at the end.</param>
    public Task<ProduceReport> RunAsync(IEnumerable<GeneratedRecord> records, IProgress<long>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(records);
        if (Interlocked.Exchange(ref _running, 1) == 1)
            throw new InvalidOperationException("A WorkloadProducer runs one source at a time; await the previous RunAsync first.");
        _counters = new DeliveryCounters();
        Interlocked.Exchange(ref _taken, 0);
        // Off the caller's thread: generation and Produce are CPU work, and the caller may be drawing progress.
        return Task.Run(async () =>
        {
            try
            {
                return await ProduceAllAsync(records, progress, cancellationToken);
            }
            finally
            {
                Volatile.Write(ref _running, 0);
            }
        }, CancellationToken.None);
    }

    public void Dispose() => _producer.Dispose();

    private async Task<ProduceReport> ProduceAllAsync(IEnumerable<GeneratedRecord> records, IProgress<long>? progress, CancellationToken cancellationToken)
    {
        var counters = _counters;
        // Two handlers per run instead of a closure per record. They hold this run's counters, so a late
        // report of an earlier run (given up at its flush timeout) cannot skew this one.
        var handlers = new DeliveryHandlers(
            report => OnDelivered(report, counters, poison: false),
            report => OnDelivered(report, counters, poison: true));
        var started = _time.GetTimestamp();
        var reporter = new ProgressReporter(progress, _time, ProgressInterval);
        var pacer = new RatePacer(_options.RatePerSecond, _time);
        var paused = TimeSpan.Zero;
        var cancelled = false;
        try
        {
            foreach (var record in records)
            {
                if (cancellationToken.IsCancellationRequested) { cancelled = true; break; }
                var (allowed, waited) = await WaitForBacklogAsync(reporter, counters, cancellationToken);
                paused += waited;
                if (!allowed) { cancelled = true; break; }
                await pacer.WaitTurnAsync(cancellationToken);
                await SendAsync(record, counters, handlers, cancellationToken);
                reporter.Tick(Interlocked.Increment(ref _taken));
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            cancelled = true;
        }
        finally
        {
            Flush(counters);
        }
        reporter.Final(Produced);
        return new ProduceReport(counters.Delivered, counters.Valid, counters.Poison, counters.Failed, _time.GetElapsedTime(started))
        {
            Attempted = Produced,
            PausedForLag = paused,
            Cancelled = cancelled,
            FailureReasons = counters.FailureReasons(),
        };
    }

    /// <summary>Waits while the busiest partition's backlog is above the max lag. False if cancelled meanwhile.</summary>
    private async Task<(bool Allowed, TimeSpan Waited)> WaitForBacklogAsync(ProgressReporter reporter, DeliveryCounters counters, CancellationToken cancellationToken)
    {
        var probe = _options.BacklogProbe;
        if (_options.MaxLag <= 0 || probe is null || Backlog(probe, counters) <= _options.MaxLag)
            return (true, TimeSpan.Zero);
        var since = _time.GetTimestamp();
        _pausedForLag = true;
        try
        {
            while (Backlog(probe, counters) > _options.MaxLag)
            {
                await Task.Delay(LagRecheckInterval, _time, cancellationToken);
                reporter.Tick(Produced); // Keeps a display alive (and able to say it is waiting) during long pauses.
            }
            return (true, _time.GetElapsedTime(since));
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return (false, _time.GetElapsedTime(since));
        }
        finally
        {
            _pausedForLag = false;
        }
    }

    /// <summary>
    /// The busiest partition's backlog on the broker, plus every record still queued in this client:
    /// those are not on the broker yet, and without them a fast replay could queue far past the lag
    /// limit (and past a small broker's retention) before the probe saw any of it.
    /// </summary>
    private static long Backlog(IBacklogProbe probe, DeliveryCounters counters)
    {
        var onBroker = probe.HighestPartitionBacklog();
        var queued = Math.Max(0, counters.InFlight);
        return onBroker > long.MaxValue - queued ? long.MaxValue : onBroker + queued;
    }

    private async Task SendAsync(GeneratedRecord record, DeliveryCounters counters, DeliveryHandlers handlers, CancellationToken cancellationToken)
    {
        var message = new Message<byte[]?, byte[]>
        {
            Key = record.Key is null ? null : Encoding.UTF8.GetBytes(record.Key),
            Value = record.Value,
        };
        var handler = record.IsPoison ? handlers.Poison : handlers.Valid;
        while (true)
        {
            // Stamped per attempt: gp-received-at is the moment the record is handed to Kafka.
            message.Headers = Headers(record);
            try
            {
                _producer.Produce(_options.Topic, message, handler);
                counters.OnAccepted();
                return;
            }
            catch (ProduceException<byte[]?, byte[]> e) when (e.Error.Code == ErrorCode.Local_QueueFull)
            {
                // The bounded local queue is full: the broker is the bottleneck, so wait for deliveries to drain it.
                await Task.Delay(QueueFullBackoff, _time, cancellationToken);
            }
            catch (ProduceException<byte[]?, byte[]> e)
            {
                counters.OnRefused(e.Error.Code.ToString());
                return;
            }
        }
    }

    private Headers Headers(GeneratedRecord record)
    {
        var headers = new Headers();
        foreach (var (name, value) in record.Headers)
        {
            if (name == RecordHeaders.ReceivedAt) continue; // The producer's own clock decides it.
            headers.Add(name, name == RecordHeaders.Source && value == RecordHeaders.SourcePixel ? PixelSource : Encoding.UTF8.GetBytes(value));
        }
        var receivedAt = _time.GetUtcNow().ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture);
        headers.Add(RecordHeaders.ReceivedAt, Encoding.ASCII.GetBytes(receivedAt));
        return headers;
    }

    /// <summary>Waits (bounded) for every accepted record's report; whatever is still unreported counts as failed.</summary>
    private void Flush(DeliveryCounters counters)
    {
        var since = _time.GetTimestamp();
        while (counters.InFlight > 0)
        {
            var left = _options.FlushTimeout - _time.GetElapsedTime(since);
            if (left <= TimeSpan.Zero) break;
            _producer.Flush(left < FlushSlice ? left : FlushSlice);
        }
        counters.OnAbandoned("flush-timeout", counters.InFlight);
    }

    private static void OnDelivered(DeliveryReport<byte[]?, byte[]> report, DeliveryCounters counters, bool poison)
    {
        if (report.Error.IsError) counters.OnDeliveryFailed(report.Error.Code.ToString());
        else counters.OnDelivered(poison);
    }

    private sealed record DeliveryHandlers(Action<DeliveryReport<byte[]?, byte[]>> Valid, Action<DeliveryReport<byte[]?, byte[]>> Poison);
}
