using System.Diagnostics;
using Confluent.Kafka;
using GrainPipeline.Collector.Diagnostics;
using GrainPipeline.Collector.Options;
using GrainPipeline.Kafka.Native;
using GrainPipeline.Kafka.Security;
using Microsoft.Extensions.Logging;

namespace GrainPipeline.Collector.Producing;

/// <summary>
/// The collector's one Kafka producer (DESIGN invariant 7: made once, flushed and disposed on
/// shutdown). Idempotent with acks=all, a bounded queue that fails fast when full, and a delivery
/// timeout, so a request learns within seconds whether its records are safe — and is answered 2xx
/// only when they are.
/// </summary>
public sealed class EventProducer : IDisposable
{
    /// <summary>Slack past the delivery timeout for the report to arrive; only a stuck client hits it.</summary>
    private static readonly TimeSpan ReportGrace = TimeSpan.FromSeconds(2);

    private readonly IProducer<byte[], byte[]> _producer;
    private readonly string _topic;
    private readonly TimeSpan _answerDeadline;
    private readonly TimeSpan _flushTimeout;
    private readonly BrokerConnectivity _connectivity;
    private readonly CollectorInstruments _instruments;
    private readonly ILogger _logger;

    public EventProducer(CollectorOptions options, BrokerConnectivity connectivity, CollectorInstruments instruments, ILogger<EventProducer> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        KafkaNativeLibrary.EnsureLoaded();
        _topic = options.Topic;
        _connectivity = connectivity;
        _instruments = instruments;
        _logger = logger;
        _answerDeadline = TimeSpan.FromMilliseconds(options.DeliveryTimeoutMs) + ReportGrace;
        _flushTimeout = TimeSpan.FromMilliseconds(options.DeliveryTimeoutMs) + TimeSpan.FromSeconds(1);
        _producer = KafkaSettingsRefusedException.Guard(() => new ProducerBuilder<byte[], byte[]>(ProducerConfigFactory.Create(options))
            .SetErrorHandler((_, error) => OnError(error))
            .SetStatisticsHandler((_, json) => _connectivity.OnStatistics(json))
            .SetLogHandler((_, message) => OnLog(message))
            .Build());
    }

    /// <summary>
    /// Enqueues a request's records and waits for every acknowledgement. The lease is released when
    /// the last delivery report arrives, even if the request was answered earlier (queue full or
    /// deadline), so bytes still held by the producer stay counted against the budget.
    /// </summary>
    public async Task<ProduceOutcome> ProduceAsync(IReadOnlyList<Message<byte[], byte[]>> messages, string source, IDisposable lease)
    {
        ArgumentNullException.ThrowIfNull(messages);
        ArgumentNullException.ThrowIfNull(lease);
        if (!_connectivity.AcceptsProduce)
        {
            lease.Dispose();
            _instruments.ProduceFailed("broker_down", messages.Count);
            return ProduceOutcome.BrokerUnavailable;
        }

        var started = Stopwatch.GetTimestamp();
        var deliveries = new List<Task<DeliveryResult<byte[], byte[]>>>(messages.Count);
        ProduceOutcome? enqueueFailure = null;
        foreach (var message in messages)
        {
            var delivery = Enqueue(message);
            if (delivery.IsFaulted)
            {
                // Queue full (or the producer is gone): stop here, answer now, release when the rest finish.
                enqueueFailure = Classify(delivery.Exception);
                _instruments.ProduceFailed(ReasonOf(enqueueFailure.Value), messages.Count - deliveries.Count);
                _ = delivery.Exception;
                break;
            }
            deliveries.Add(delivery);
        }

        var all = Task.WhenAll(deliveries);
        _ = all.ContinueWith(static (settled, state) =>
        {
            _ = settled.Exception; // Observed here too: after an early answer nobody else awaits it.
            ((IDisposable)state!).Dispose();
        }, lease, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        if (enqueueFailure is { } failure) return failure;

        try
        {
            await all.WaitAsync(_answerDeadline).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            _instruments.ProduceFailed("answer_deadline", messages.Count);
            return ProduceOutcome.BrokerUnavailable;
        }
        catch (ProduceException<byte[], byte[]>)
        {
            // Examined record by record below.
        }

        var outcome = Summarise(deliveries);
        if (outcome == ProduceOutcome.Acknowledged)
        {
            _instruments.Accepted(source, deliveries.Count);
            _instruments.Produced(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        }
        return outcome;
    }

    public void Dispose()
    {
        // Graceful shutdown: Kestrel has drained its requests; give their records the delivery timeout.
        var remaining = _producer.Flush(_flushTimeout);
        if (remaining > 0) CollectorLog.FlushIncomplete(_logger, remaining, (int)_flushTimeout.TotalMilliseconds);
        _producer.Dispose();
    }

    private Task<DeliveryResult<byte[], byte[]>> Enqueue(Message<byte[], byte[]> message)
    {
        try
        {
            return _producer.ProduceAsync(_topic, message);
        }
        catch (KafkaException e)
        {
            return Task.FromException<DeliveryResult<byte[], byte[]>>(e);
        }
        catch (ObjectDisposedException e)
        {
            return Task.FromException<DeliveryResult<byte[], byte[]>>(new KafkaException(new Error(ErrorCode.Local_Destroy, e.Message)));
        }
    }

    private ProduceOutcome Summarise(List<Task<DeliveryResult<byte[], byte[]>>> deliveries)
    {
        var outcome = ProduceOutcome.Acknowledged;
        var failed = 0;
        Error? firstError = null;
        foreach (var delivery in deliveries)
        {
            if (delivery.IsCompletedSuccessfully && delivery.Result.Status == PersistenceStatus.Persisted)
            {
                _connectivity.OnDelivered();
                continue;
            }

            failed++;
            var kind = delivery.IsCompletedSuccessfully ? ProduceOutcome.BrokerUnavailable : Classify(delivery.Exception);
            firstError ??= (delivery.Exception?.InnerException as KafkaException)?.Error;
            // The most specific failure decides the answer: a too-large record beats a timeout.
            if (outcome == ProduceOutcome.Acknowledged || kind == ProduceOutcome.Rejected) outcome = kind;
        }

        if (failed > 0)
        {
            _instruments.ProduceFailed(ReasonOf(outcome), failed);
            CollectorLog.DeliveryFailed(_logger, failed, firstError?.Code.ToString() ?? "NotPersisted", firstError?.Reason ?? "");
        }
        return outcome;
    }

    private static ProduceOutcome Classify(AggregateException? exception) =>
        (exception?.InnerException as KafkaException)?.Error.Code switch
        {
            ErrorCode.Local_QueueFull => ProduceOutcome.QueueFull,
            ErrorCode.MsgSizeTooLarge or ErrorCode.RecordListTooLarge => ProduceOutcome.Rejected,
            _ => ProduceOutcome.BrokerUnavailable,
        };

    private static string ReasonOf(ProduceOutcome outcome) => outcome switch
    {
        ProduceOutcome.QueueFull => "producer_queue",
        ProduceOutcome.Rejected => "too_large_for_broker",
        _ => "broker_unavailable",
    };

    private void OnError(Error error)
    {
        if (error.IsFatal)
        {
            _connectivity.OnFatalError($"{error.Code}: {error.Reason}");
            CollectorLog.ProducerFatal(_logger, error.Code.ToString(), error.Reason);
            return;
        }

        if (error.Code == ErrorCode.Local_AllBrokersDown) _connectivity.OnAllBrokersDown();
        CollectorLog.ProducerError(_logger, error.Code.ToString(), error.Reason);
    }

    private void OnLog(LogMessage message)
    {
        var level = message.Level switch
        {
            SyslogLevel.Emergency or SyslogLevel.Alert or SyslogLevel.Critical or SyslogLevel.Error => LogLevel.Error,
            SyslogLevel.Warning => LogLevel.Warning,
            SyslogLevel.Notice or SyslogLevel.Info => LogLevel.Information,
            _ => LogLevel.Debug,
        };
        CollectorLog.Librdkafka(_logger, level, message.Facility, message.Message);
    }
}
