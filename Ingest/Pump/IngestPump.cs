using System.Diagnostics;
using Confluent.Kafka;
using GrainPipeline.Grains;
using GrainPipeline.Grains.Events;
using GrainPipeline.Ingest.Budget;
using GrainPipeline.Ingest.Configuration;
using GrainPipeline.Ingest.DeadLetters;
using GrainPipeline.Ingest.Diagnostics;
using GrainPipeline.Ingest.Offsets;
using GrainPipeline.Ingest.Parsing;
using GrainPipeline.Kafka.Security;
using GrainPipeline.Runtime;
using Microsoft.Extensions.Logging;

namespace GrainPipeline.Ingest.Pump;

/// <summary>
/// The silo's one Kafka consumer and its one poll thread. Each record is parsed, admitted against the
/// dual budget and handed to its user grain without waiting for it; completions (on other threads)
/// release the budget and advance the partition's contiguous offset, which the poll thread commits
/// periodically. Over budget, the assigned partitions are paused while polling continues, so the
/// member stays in the group and the backlog stays in Kafka.
/// </summary>
public sealed partial class IngestPump : IAsyncDisposable
{
    private readonly IngestOptions _options;
    private readonly KafkaSecurityOptions _security;
    private readonly IGrainFactory _grains;
    private readonly IPartitionLifecycle _lifecycle;
    private readonly DeadLetterPublisher _deadLetters;
    private readonly ILogger _logger;
    private readonly EnvelopeParser _parser;
    private readonly string _memberName;
    private readonly Dictionary<int, PartitionOffsets> _partitions = [];
    private readonly Queue<ConsumeResult<byte[]?, byte[]?>> _held = new();

    /// <summary>Per partition: the offset after the last record this pump took from librdkafka (where a resume restarts).</summary>
    private readonly Dictionary<int, long> _nextOffsets = [];

    /// <summary>Committed offsets of partitions assigned but not yet read from, to check their first record against.</summary>
    private readonly Dictionary<int, long> _startOffsets = [];
    private readonly CancellationTokenSource _stop = new();
    private readonly TaskCompletionSource _stopped = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _joined = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private IConsumer<byte[]?, byte[]?>? _consumer;
    private bool _paused;
    private bool _repauseNeeded;
    private long _lastCommit = Stopwatch.GetTimestamp();
    private long _saturatedSince;
    private volatile bool _abandoned;

    /// <summary>Consumers of abandoned pumps, kept reachable so no finalizer closes them.</summary>
    private static readonly System.Collections.Concurrent.ConcurrentBag<IConsumer<byte[]?, byte[]?>> AbandonedConsumers = [];
    private long _processed;
    private long _deadLetteredFailures;
    private long _leftToNextOwner;

    public IngestPump(IngestOptions options, KafkaSecurityOptions security, IGrainFactory grains, IPartitionLifecycle lifecycle, DeadLetterPublisher deadLetters,
        IngestStatistics statistics, ILogger logger, string memberName)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(security);
        Runtime.Configuration.OptionsValidationException.ThrowIfAny(options.Validate().Concat(security.Validate()));
        _options = options;
        _security = security;
        _grains = grains;
        _lifecycle = lifecycle;
        _deadLetters = deadLetters;
        Statistics = statistics;
        _logger = logger;
        _memberName = memberName;
        _parser = new EnvelopeParser(options.MaxRecordBytes);
        Budget = new DualBudget(options.MaxInFlightMessages, options.MaxInFlightBytes, options.ResumeFraction);
        statistics.ObserveBudget(() => Budget.InFlightMessages, () => Budget.InFlightBytes);
    }

    public DualBudget Budget { get; }

    public IngestStatistics Statistics { get; }

    /// <summary>Events that went through all five stages.</summary>
    public long Processed => Interlocked.Read(ref _processed);

    /// <summary>Events cut off after their partition's last commit here (see <see cref="InFlightRecord.OnEventDone"/>).</summary>
    public long LeftToNextOwner => Interlocked.Read(ref _leftToNextOwner);

    /// <summary>Completes once the first partition assignment arrived.</summary>
    public Task Joined => _joined.Task;

    /// <summary>Completes when the poll thread has stopped (after draining and committing).</summary>
    public Task Stopped => _stopped.Task;

    public void Start()
    {
        var thread = new Thread(Run) { IsBackground = true, Name = $"ingest-poll-{_memberName}" };
        thread.Start();
    }

    /// <summary>Stops intake, waits (bounded) for in-flight events, commits, and leaves the group.</summary>
    public async Task StopAsync()
    {
        await _stop.CancelAsync();
        await _stopped.Task;
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        _stop.Dispose();
    }

    /// <summary>
    /// Test hook for a crash: the poll loop stops at once, commits nothing, and leaves the consumer
    /// neither closed nor disposed (nor its heartbeats running), so the group only notices after the
    /// session timeout — as with a killed process. Never used in production code paths.
    /// </summary>
    public async Task AbandonAsync()
    {
        _abandoned = true;
        await _stop.CancelAsync();
        await _stopped.Task;
    }

    private void Run()
    {
        try
        {
            var consumer = new ConsumerBuilder<byte[]?, byte[]?>(KafkaConfigs.Consumer(_options, _security, _memberName))
                .SetPartitionsAssignedHandler(OnAssigned)
                .SetPartitionsRevokedHandler(OnRevoked)
                .SetPartitionsLostHandler(OnLost)
                .SetErrorHandler((_, error) => LogKafkaError(_logger, error.Code, error.Reason))
                .SetLogHandler((_, message) => OnClientLog(message))
                .Build();
            _consumer = consumer;
            consumer.Subscribe(_options.Topic);
            Poll(consumer);
            if (_abandoned)
            {
                // Disposing would leave the group gracefully; a crashed member just goes quiet. Left
                // subscribed, librdkafka would go on heartbeating from its own threads and the group would
                // never notice. Unsubscribing stops the heartbeats, and the leave it would send waits for
                // the revoke this loop will never poll: the group drops the member after the session timeout.
                consumer.Unsubscribe();
                AbandonedConsumers.Add(consumer);
            }
            else
            {
                DrainAndCommit(_partitions.Values.ToList());
                consumer.Close();
                consumer.Dispose();
            }
        }
        catch (Exception e)
        {
            LogPumpFailed(_logger, e);
            _stopped.TrySetException(e);
            return;
        }
        _stopped.TrySetResult();
    }

    private void Poll(IConsumer<byte[]?, byte[]?> consumer)
    {
        var token = _stop.Token;
        while (!token.IsCancellationRequested)
        {
            if (_repauseNeeded) PauseAssigned(consumer);
            DispatchHeld(consumer);
            CommitIfDue(consumer);
            if (_held.Count > 0 && !_paused)
            {
                // Saturated: wait for a release without consuming more; pause only if it lasts.
                if (_saturatedSince == 0) _saturatedSince = Stopwatch.GetTimestamp();
                if (Stopwatch.GetElapsedTime(_saturatedSince) >= _options.PauseAfter) PauseAssigned(consumer);
                else Budget.WaitForRelease(TimeSpan.FromMilliseconds(10));
                continue;
            }
            ConsumeResult<byte[]?, byte[]?>? record;
            try
            {
                record = consumer.Consume(_paused ? 5 : 50);
            }
            catch (ConsumeException e) when (!e.Error.IsFatal)
            {
                LogKafkaError(_logger, e.Error.Code, e.Error.Reason);
                continue;
            }
            if (record is null || record.IsPartitionEOF) continue;
            if (_nextOffsets.TryGetValue(record.Partition.Value, out var next) && record.Offset.Value < next) continue; // taken before a restart: never twice
            CheckContiguous(record.Partition.Value, record.Offset.Value);
            _nextOffsets[record.Partition.Value] = record.Offset.Value + 1;
            Statistics.RecordConsumed();
            if (_held.Count > 0 || !TryDispatch(record))
            {
                // Keep order: once one record waits, every later one waits behind it.
                if (_saturatedSince == 0) _saturatedSince = Stopwatch.GetTimestamp();
                _held.Enqueue(record);
            }
        }
    }

    private void DispatchHeld(IConsumer<byte[]?, byte[]?> consumer)
    {
        while (_held.TryPeek(out var next) && TryDispatch(next)) _held.Dequeue();
        // Saturation lasts until real relief (the resume mark), not until a single slot frees:
        // a store slower than intake keeps the budget nearly full, and that must pause Kafka.
        if (_saturatedSince != 0 && Budget.IsBelowResumeMark) _saturatedSince = 0;
        if (_paused && _held.Count == 0 && Budget.IsBelowResumeMark)
        {
            var assignment = consumer.Assignment;
            consumer.Resume(assignment);
            RestartFetching(consumer, assignment);
            _paused = false;
            Statistics.Resumed();
            LogResumed(_logger, Budget.InFlightMessages, Budget.InFlightBytes);
        }
    }

    /// <summary>
    /// librdkafka 2.0 fetches a resumed partition again only at its broker thread's next scheduled
    /// wake-up, about a second after Resume: with the bare consumer, 30 pause/resume cycles over 30k
    /// records took 29 s, and 2.6 s with a seek after each resume (a seek wakes the thread). With a
    /// store slower than intake the pump pauses and resumes over and over, and each resume cost the
    /// silo a second with nothing in flight. So every resumed partition is sought to the record after
    /// the last one this pump took (nothing is held when it resumes, so every earlier record was
    /// dispatched), or, where it took none since the assignment, to the group's committed offset (the
    /// beginning when none, as <c>auto.offset.reset=earliest</c>): the offsets librdkafka would resume
    /// from. A seek resets librdkafka's own position, which is why the pump keeps its own.
    /// </summary>
    private void RestartFetching(IConsumer<byte[]?, byte[]?> consumer, List<TopicPartition> partitions)
    {
        var targets = new List<TopicPartitionOffset>(partitions.Count);
        var untaken = new List<TopicPartition>();
        foreach (var partition in partitions)
        {
            if (_nextOffsets.TryGetValue(partition.Partition.Value, out var next)) targets.Add(new TopicPartitionOffset(partition, next));
            else untaken.Add(partition);
        }
        if (untaken.Count > 0)
        {
            try
            {
                foreach (var committed in consumer.Committed(untaken, CommittedLookupTimeout))
                    targets.Add(new TopicPartitionOffset(committed.TopicPartition, committed.Offset.Value >= 0 ? committed.Offset : Offset.Beginning));
            }
            catch (KafkaException e)
            {
                // Left to librdkafka's resume: they may skip what they had prefetched; say so.
                LogRestartUnknown(_logger, string.Join(',', untaken.Select(tp => tp.Partition.Value)), e.Error.Reason);
            }
        }
        foreach (var target in targets)
        {
            try
            {
                consumer.Seek(target);
            }
            catch (KafkaException e)
            {
                LogRestartUnknown(_logger, target.Partition.Value.ToString(System.Globalization.CultureInfo.InvariantCulture), e.Error.Reason);
            }
        }
    }

    private static readonly TimeSpan CommittedLookupTimeout = TimeSpan.FromSeconds(5);

    /// <summary>
    /// librdkafka keeps a partition's pause across its revocation: were it assigned here again, it
    /// would stay paused, though the pump (which resumes only what is assigned when it resumes) takes
    /// it for fetching, and the partition would never be read again. So a paused pump resumes what it
    /// gives up; if it is still paused when partitions come back, it pauses them again.
    /// </summary>
    private void ClearPause(IConsumer<byte[]?, byte[]?> consumer, List<TopicPartitionOffset> partitions)
    {
        try
        {
            consumer.Resume(partitions.Select(p => p.TopicPartition));
        }
        catch (KafkaException e)
        {
            LogClearPauseFailed(_logger, string.Join(',', partitions.Select(p => p.Partition.Value)), e.Error.Reason);
        }
    }

    private void PauseAssigned(IConsumer<byte[]?, byte[]?> consumer)
    {
        var assignment = consumer.Assignment;
        consumer.Pause(assignment);
        _paused = true;
        _repauseNeeded = false;
        Statistics.Paused(assignment.Count);
        LogPaused(_logger, assignment.Count, Budget.InFlightMessages, Budget.InFlightBytes);
    }

    private bool TryDispatch(ConsumeResult<byte[]?, byte[]?> record)
    {
        var message = record.Message;
        var bytes = (message.Value?.Length ?? 0) + (message.Key?.Length ?? 0);
        if (!Budget.TryAcquire(bytes)) return false;
        var partition = record.Partition.Value;
        if (!_partitions.TryGetValue(partition, out var offsets))
        {
            offsets = new PartitionOffsets(partition, -1);
            _partitions[partition] = offsets;
        }
        var inFlight = new InFlightRecord(this, offsets, offsets.Begin(record.Offset.Value), bytes, record);
        var origin = new EventOrigin(record.Topic, partition, record.Offset.Value);
        var outcome = _parser.Parse(message.Key, message.Value, message.Headers);
        if (!outcome.IsValid)
        {
            _deadLetters.Publish(message.Key, message.Value, message.Headers, origin, outcome.Reason!, outcome.Detail!, () => inFlight.Complete(RecordOutcome.DeadLettered));
            return true;
        }
        var evt = new PipelineEvent(outcome.Document!, outcome.Envelope!, origin, bytes, inFlight.OnEventDone) { RawPayload = message.Value, CutOff = offsets.CutOff };
        inFlight.Event = evt;
        Task call;
        try
        {
            call = _grains.GetGrain<IUserGrain>(evt.Envelope.UserKey).Process(evt);
        }
        catch (Exception e)
        {
            call = Task.FromException(e);
        }
        call.ContinueWith(static (turn, state) => ((PipelineEvent)state!).Completion.PartDone(TurnError(turn)),
            evt, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        return true;
    }

    /// <summary>
    /// Why the event's turn did not succeed, or null if it did. A turn that ended in cancellation (a
    /// stage cut off by the silo stopping) has no Exception, yet is no success: it was counted as
    /// processed before, and would have been committed had a commit still followed.
    /// </summary>
    private static Exception? TurnError(Task turn) => turn.Status switch
    {
        TaskStatus.Faulted => turn.Exception!.GetBaseException(),
        TaskStatus.Canceled => new OperationCanceledException("The event's grain turn was canceled before it finished."),
        _ => null,
    };

    internal void DeadLetterFailedEvent(InFlightRecord inFlight, Exception error)
    {
        Interlocked.Increment(ref _deadLetteredFailures);
        var record = inFlight.Record;
        var stage = error is StageFailedException failed ? failed.Stage : "grain";
        var origin = new EventOrigin(record.Topic, record.Partition.Value, record.Offset.Value);
        _deadLetters.Publish(record.Message.Key, record.Message.Value, record.Message.Headers, origin, DeadLetterReasons.StageFailed,
            $"{stage}: {error.Message}", () => inFlight.Complete(RecordOutcome.DeadLettered));
    }

    internal void LeaveToNextOwner(InFlightRecord inFlight, Exception error)
    {
        Interlocked.Increment(ref _leftToNextOwner);
        LogLeftToNextOwner(_logger, inFlight.Record.Partition.Value, inFlight.Record.Offset.Value, error.Message);
        inFlight.Complete(RecordOutcome.LeftToNextOwner);
    }

    internal void OnRecordDone(InFlightRecord inFlight, RecordOutcome outcome)
    {
        Budget.Release(inFlight.Bytes);
        if (outcome == RecordOutcome.LeftToNextOwner) return;
        if (outcome == RecordOutcome.Processed) Interlocked.Increment(ref _processed);
        Statistics.RecordCompleted(inFlight.Event?.Envelope.ReceivedAtUnixMs ?? KafkaTimestamp(inFlight.Record));
    }

    private static long? KafkaTimestamp(ConsumeResult<byte[]?, byte[]?> record) =>
        record.Message.Timestamp.Type == TimestampType.NotAvailable ? null : record.Message.Timestamp.UnixTimestampMs;

    private void CommitIfDue(IConsumer<byte[]?, byte[]?> consumer)
    {
        if (Stopwatch.GetElapsedTime(_lastCommit) < _options.CommitInterval) return;
        _lastCommit = Stopwatch.GetTimestamp();
        Commit(consumer, _partitions.Values);
        SampleLag(consumer);
    }

    /// <summary>Lag per partition from librdkafka's cached high watermarks: no broker round trip.</summary>
    private void SampleLag(IConsumer<byte[]?, byte[]?> consumer)
    {
        var lag = new Dictionary<int, long>();
        foreach (var tp in consumer.Assignment)
        {
            var high = consumer.GetWatermarkOffsets(tp).High;
            // Our own record of the position: a seek (see RestartFetching) resets librdkafka's.
            var position = _nextOffsets.TryGetValue(tp.Partition.Value, out var next) ? new Offset(next) : consumer.Position(tp);
            if (high == Offset.Unset) continue;
            lag[tp.Partition.Value] = position == Offset.Unset ? high.Value : Math.Max(0, high.Value - position.Value);
        }
        Statistics.RecordLag(lag);
        Statistics.RecordCommitted(_partitions.Values.Where(p => p.LastCommitted >= 0).ToDictionary(p => p.Partition, p => p.LastCommitted));
    }

    private void Commit(IConsumer<byte[]?, byte[]?> consumer, IEnumerable<PartitionOffsets> partitions)
    {
        var offsets = new List<(PartitionOffsets Partition, long Offset)>();
        foreach (var partition in partitions)
        {
            if (partition.TakeCommittable() is { } offset) offsets.Add((partition, offset));
        }
        if (offsets.Count == 0) return;
        var started = Stopwatch.GetTimestamp();
        try
        {
            consumer.Commit(offsets.Select(o => new TopicPartitionOffset(_options.Topic, o.Partition.Partition, o.Offset)));
            foreach (var (partition, offset) in offsets) partition.Committed(offset);
            Statistics.RecordCommit(Stopwatch.GetElapsedTime(started));
        }
        catch (KafkaException e)
        {
            // Normal during a rebalance: the next commit (or the new owner's redelivery) covers it.
            LogCommitFailed(_logger, e.Error.Reason);
        }
    }

    private void DrainAndCommit(IReadOnlyCollection<PartitionOffsets> partitions)
    {
        // Released partitions had their last commit (the pump's own at stop, before the consumer's
        // close revokes them): waiting for their drain again would only add a second timeout.
        partitions = partitions.Where(p => !p.IsReleased).ToList();
        if (partitions.Count == 0 || _consumer is null) return;
        var drained = Task.WhenAll(partitions.Select(p => p.WhenDrained())).Wait(_options.DrainTimeout);
        if (!drained) LogDrainTimedOut(_logger, _options.DrainTimeout, partitions.Sum(p => p.InFlight));
        Commit(_consumer, partitions);
        foreach (var partition in partitions) partition.Release();
    }

    private void OnAssigned(IConsumer<byte[]?, byte[]?> consumer, List<TopicPartition> assigned)
    {
        foreach (var tp in assigned)
        {
            if (!_partitions.ContainsKey(tp.Partition.Value)) _partitions[tp.Partition.Value] = new PartitionOffsets(tp.Partition.Value, -1);
            _nextOffsets.Remove(tp.Partition.Value); // a new assignment starts from the committed offset
            _startOffsets.Remove(tp.Partition.Value);
        }
        RememberCommittedStarts(consumer, assigned);
        // The assignment takes effect after this handler returns; pause then, if we were paused.
        _repauseNeeded = _paused;
        _lifecycle.OnAssigned(assigned.Select(tp => tp.Partition.Value).ToList());
        LogAssigned(_logger, _memberName, string.Join(',', assigned.Select(tp => tp.Partition.Value)));
        _joined.TrySetResult();
    }

    /// <summary>Where each newly assigned partition should resume: its committed offset, if it has one.</summary>
    private void RememberCommittedStarts(IConsumer<byte[]?, byte[]?> consumer, List<TopicPartition> assigned)
    {
        try
        {
            foreach (var committed in consumer.Committed(assigned, CommittedLookupTimeout))
                if (committed.Offset.Value >= 0) _startOffsets[committed.Partition.Value] = committed.Offset.Value;
        }
        catch (KafkaException e)
        {
            // Without it the first record of these partitions is simply not checked.
            LogCommittedUnknown(_logger, e.Error.Reason);
        }
    }

    private void OnRevoked(IConsumer<byte[]?, byte[]?> consumer, List<TopicPartitionOffset> revoked) => Release(consumer, revoked, lost: false);

    private void OnLost(IConsumer<byte[]?, byte[]?> consumer, List<TopicPartitionOffset> lost) => Release(consumer, lost, lost: true);

    private void Release(IConsumer<byte[]?, byte[]?> consumer, List<TopicPartitionOffset> partitions, bool lost)
    {
        if (_paused) ClearPause(consumer, partitions);
        var numbers = partitions.Select(tp => tp.Partition.Value).ToHashSet();
        // Records not yet admitted are simply not processed here; the next owner reads them again.
        var keep = _held.Where(r => !numbers.Contains(r.Partition.Value)).ToList();
        _held.Clear();
        foreach (var record in keep) _held.Enqueue(record);
        var trackers = numbers.Where(_partitions.ContainsKey).Select(n => _partitions[n]).ToList();
        if (!lost) DrainAndCommit(trackers);
        foreach (var tracker in trackers) tracker.Release(); // lost: another member may own it already
        HandOver(numbers, lost);
        foreach (var n in numbers)
        {
            _partitions.Remove(n);
            _nextOffsets.Remove(n);
            _startOffsets.Remove(n);
        }
        LogRevoked(_logger, _memberName, string.Join(',', numbers), lost);
    }

    /// <summary>
    /// librdkafka's own log, called on its threads. Its warnings mostly repeat what the error
    /// handler already reports, so they go to Debug; what loses records is caught by the offset
    /// check in the poll loop, which does not depend on what a librdkafka version chooses to log.
    /// </summary>
    private void OnClientLog(LogMessage message)
    {
        if (message.Level <= SyslogLevel.Warning) LogClientWarning(_logger, message.Facility, message.Message);
    }

    /// <summary>
    /// A record arrived past the offset this pump expected on its partition: librdkafka moved the
    /// fetch position (an offset reset after retention dropped what it was about to read) and the
    /// records in between were never seen. Not an error of the record; counted and logged, since
    /// nothing else would ever say so.
    /// </summary>
    private void CheckContiguous(int partition, long offset)
    {
        long expected;
        if (_nextOffsets.TryGetValue(partition, out var next)) expected = next;
        else if (!_startOffsets.Remove(partition, out expected)) return;
        if (offset <= expected) return;
        Statistics.RecordSkipped(offset - expected);
        LogSkipped(_logger, offset - expected, partition, expected, offset - 1);
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Partition {Partition} offset {Offset} was cut off after the partition's last commit here ({Reason}); its next owner processes it")]
    private static partial void LogLeftToNextOwner(ILogger logger, int partition, long offset, string reason);

    [LoggerMessage(Level = LogLevel.Error, Message = "{Count} records of partition {Partition} were never read (offsets {First}–{Last}): the broker no longer held them when they were fetched")]
    private static partial void LogSkipped(ILogger logger, long count, int partition, long first, long last);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Committed offsets of newly assigned partitions unknown ({Reason}); their first records are not checked for skipped offsets")]
    private static partial void LogCommittedUnknown(ILogger logger, string reason);

    [LoggerMessage(Level = LogLevel.Debug, Message = "librdkafka {Facility}: {Detail}")]
    private static partial void LogClientWarning(ILogger logger, string facility, string detail);

    /// <summary>
    /// The partitions' final flush and grain deactivation, bounded by the drain timeout. Their
    /// failure is not the consumer's: the buffer stays in the store for the next owner's flush, and
    /// throwing out of a rebalance callback would take librdkafka's poll down with it.
    /// </summary>
    private void HandOver(HashSet<int> partitions, bool lost)
    {
        var handOver = _lifecycle.OnRevokedAsync(partitions.ToList(), lost);
        try
        {
            if (!handOver.Wait(_options.DrainTimeout)) LogHandOverTimedOut(_logger, string.Join(',', partitions), _options.DrainTimeout);
        }
        catch (AggregateException e)
        {
            LogHandOverFailed(_logger, e.InnerException ?? e, string.Join(',', partitions));
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Hand-over of partitions [{Partitions}] (final stats flush, grain deactivation) did not finish within {Timeout}; it goes on in the background")]
    private static partial void LogHandOverTimedOut(ILogger logger, string partitions, TimeSpan timeout);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Hand-over of partitions [{Partitions}] failed; their stats stay buffered for the next owner's flush")]
    private static partial void LogHandOverFailed(ILogger logger, Exception error, string partitions);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not resume partitions [{Partitions}] given up while paused ({Reason}); assigned here again, they may stay paused")]
    private static partial void LogClearPauseFailed(ILogger logger, string partitions, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not restart partitions [{Partitions}] at a known offset after a resume ({Reason}); librdkafka resumes them itself and may skip prefetched records")]
    private static partial void LogRestartUnknown(ILogger logger, string partitions, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "{Member} assigned partitions [{Partitions}]")]
    private static partial void LogAssigned(ILogger logger, string member, string partitions);

    [LoggerMessage(Level = LogLevel.Information, Message = "{Member} released partitions [{Partitions}] (lost: {Lost})")]
    private static partial void LogRevoked(ILogger logger, string member, string partitions, bool lost);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Paused {Count} partitions: {Messages} messages / {Bytes} bytes in flight")]
    private static partial void LogPaused(ILogger logger, int count, long messages, long bytes);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Resumed: {Messages} messages / {Bytes} bytes in flight")]
    private static partial void LogResumed(ILogger logger, long messages, long bytes);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Commit failed (will retry): {Reason}")]
    private static partial void LogCommitFailed(ILogger logger, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Kafka: {Code} {Reason}")]
    private static partial void LogKafkaError(ILogger logger, ErrorCode code, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "In-flight events did not finish within {Timeout}; {InFlight} left uncommitted (they will be redelivered)")]
    private static partial void LogDrainTimedOut(ILogger logger, TimeSpan timeout, int inFlight);

    [LoggerMessage(Level = LogLevel.Critical, Message = "The ingest pump stopped on a fatal error")]
    private static partial void LogPumpFailed(ILogger logger, Exception error);
}
