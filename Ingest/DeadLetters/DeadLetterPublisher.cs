using System.Text;
using Confluent.Kafka;
using GrainPipeline.Grains.Events;
using GrainPipeline.Kafka.Contract;
using GrainPipeline.Kafka.Security;
using GrainPipeline.Observability.Collections;
using GrainPipeline.Runtime.Diagnostics;
using Microsoft.Extensions.Logging;

namespace GrainPipeline.Ingest.DeadLetters;

/// <summary>
/// Writes records that cannot be processed to the dead-letter topic with the original key, value
/// and headers plus <c>gp-error</c>, <c>gp-error-detail</c> and <c>gp-origin</c>. One producer per
/// silo. A record's offset completes only once the broker acknowledged its dead letter; a failed
/// write is retried, so a dead letter is never dropped.
/// </summary>
public sealed partial class DeadLetterPublisher : IDisposable
{
    private readonly IProducer<byte[]?, byte[]?> _producer;
    private readonly string _topic;
    private readonly ILogger _logger;
    private readonly Dictionary<string, long> _countsByReason = new(StringComparer.Ordinal);
    private readonly Lock _countsLock = new();
    private readonly System.Diagnostics.Metrics.Counter<long> _counter;

    /// <summary>How many acknowledged dead letters the publisher remembers for the dashboard.</summary>
    public const int RecentCapacity = 100;

    /// <summary>Longest key kept in <see cref="Recent"/>; keys come from outside and may be anything.</summary>
    private const int RecentKeyChars = 200;

    public DeadLetterPublisher(ProducerConfig config, string topic, System.Diagnostics.Metrics.Meter meter, ILogger logger)
    {
        ArgumentNullException.ThrowIfNull(meter);
        _producer = KafkaSettingsRefusedException.Guard(() => new ProducerBuilder<byte[]?, byte[]?>(config).Build());
        _topic = topic;
        _logger = logger;
        _counter = meter.CreateCounter<long>(InstrumentNames.DeadLettered, description: "Records sent to the dead-letter topic, by reason");
    }

    public long Total
    {
        get { lock (_countsLock) return _countsByReason.Values.Sum(); }
    }

    public IReadOnlyDictionary<string, long> CountsByReason
    {
        get { lock (_countsLock) return new Dictionary<string, long>(_countsByReason); }
    }

    /// <summary>The last <see cref="RecentCapacity"/> acknowledged dead letters, newest first (fixed memory).</summary>
    public RecentItems<DeadLetterRecord> Recent { get; } = new(RecentCapacity);

    /// <summary>Publishes a dead letter; <paramref name="onAcknowledged"/> runs once the broker has it.</summary>
    public void Publish(byte[]? key, byte[]? value, Headers? headers, EventOrigin origin, string reason, string detail, Action onAcknowledged)
    {
        var letterHeaders = new Headers();
        if (headers is not null)
        {
            foreach (var header in headers) letterHeaders.Add(header.Key, header.GetValueBytes());
        }
        letterHeaders.Add(RecordHeaders.Error, Encoding.UTF8.GetBytes(reason));
        letterHeaders.Add(RecordHeaders.ErrorDetail, Encoding.UTF8.GetBytes(detail.Length > 1024 ? detail[..1024] : detail));
        letterHeaders.Add(RecordHeaders.Origin, Encoding.UTF8.GetBytes(origin.ToString()));
        var message = new Message<byte[]?, byte[]?> { Key = key, Value = value, Headers = letterHeaders };
        LogDeadLetter(_logger, origin.ToString(), reason, detail);
        var record = new DeadLetterRecord(default, KeyText(key), reason, detail.Length > 1024 ? detail[..1024] : detail, origin.ToString());
        Send(message, record, onAcknowledged, attempt: 1);
    }

    private void Send(Message<byte[]?, byte[]?> message, DeadLetterRecord record, Action onAcknowledged, int attempt)
    {
        try
        {
            _producer.Produce(_topic, message, report =>
            {
                if (report.Error.IsError) Retry(message, record, onAcknowledged, attempt, report.Error.Reason);
                else Acknowledged(record, onAcknowledged);
            });
        }
        catch (ProduceException<byte[]?, byte[]?> e)
        {
            Retry(message, record, onAcknowledged, attempt, e.Error.Reason);
        }
    }

    private void Retry(Message<byte[]?, byte[]?> message, DeadLetterRecord record, Action onAcknowledged, int attempt, string error)
    {
        LogRetry(_logger, attempt, error);
        var delay = TimeSpan.FromMilliseconds(Math.Min(5000, 50 * Math.Pow(2, Math.Min(attempt, 10))));
        _ = Task.Delay(delay).ContinueWith(_ => Send(message, record, onAcknowledged, attempt + 1), TaskScheduler.Default);
    }

    private void Acknowledged(DeadLetterRecord record, Action onAcknowledged)
    {
        lock (_countsLock) _countsByReason[record.Reason] = _countsByReason.GetValueOrDefault(record.Reason) + 1;
        _counter.Add(1, new KeyValuePair<string, object?>("reason", record.Reason));
        Recent.Add(record with { At = DateTimeOffset.UtcNow });
        onAcknowledged();
    }

    private static string KeyText(byte[]? key)
    {
        if (key is null) return "";
        var text = Encoding.UTF8.GetString(key, 0, Math.Min(key.Length, RecentKeyChars * 4));
        return text.Length > RecentKeyChars ? text[..RecentKeyChars] + "…" : text;
    }

    /// <summary>Waits (bounded) for outstanding dead letters to be acknowledged.</summary>
    public int Flush(TimeSpan timeout) => _producer.Flush(timeout);

    public void Dispose()
    {
        _producer.Flush(TimeSpan.FromSeconds(10));
        _producer.Dispose();
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Dead letter from {Origin}: {Reason} ({Detail})")]
    private static partial void LogDeadLetter(ILogger logger, string origin, string reason, string detail);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Dead-letter write failed (attempt {Attempt}): {Error}; retrying")]
    private static partial void LogRetry(ILogger logger, int attempt, string error);
}
