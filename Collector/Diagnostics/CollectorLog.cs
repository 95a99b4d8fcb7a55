using Microsoft.Extensions.Logging;

namespace GrainPipeline.Collector.Diagnostics;

/// <summary>
/// Source-generated log messages of the collector. Per-request outcomes are Debug (hot path, the
/// counters carry the numbers); producer state changes are Warning or above.
/// </summary>
internal static partial class CollectorLog
{
    [LoggerMessage(EventId = 1, Level = LogLevel.Information, Message = "Collector listening on {Address}, producing to topic '{Topic}' at {Bootstrap}")]
    public static partial void Listening(ILogger logger, string address, string topic, string bootstrap);

    [LoggerMessage(EventId = 2, Level = LogLevel.Warning, Message = "Webhooks disabled: no Collector:WebhookSecrets configured, so no signature can be verified")]
    public static partial void WebhooksDisabled(ILogger logger);

    [LoggerMessage(EventId = 10, Level = LogLevel.Debug, Message = "Rejected {Endpoint} request for {Shop}: {Status} {Reason}")]
    public static partial void RequestRejected(ILogger logger, string endpoint, string shop, int status, string reason);

    [LoggerMessage(EventId = 11, Level = LogLevel.Debug, Message = "Accepted {Count} {Source} record(s) for {Shop}")]
    public static partial void RequestAccepted(ILogger logger, string source, int count, string shop);

    [LoggerMessage(EventId = 12, Level = LogLevel.Debug, Message = "Webhook signature rejected for shop header '{Shop}'")]
    public static partial void SignatureRejected(ILogger logger, string shop);

    [LoggerMessage(EventId = 20, Level = LogLevel.Warning, Message = "Kafka producer error {Code}: {Reason}")]
    public static partial void ProducerError(ILogger logger, string code, string reason);

    [LoggerMessage(EventId = 21, Level = LogLevel.Critical, Message = "Kafka producer failed fatally ({Code}: {Reason}); the collector answers 503 and /healthz fails until restarted")]
    public static partial void ProducerFatal(ILogger logger, string code, string reason);

    [LoggerMessage(EventId = 22, Level = LogLevel.Debug, Message = "Delivery failed for {Count} record(s): {Code} {Reason}")]
    public static partial void DeliveryFailed(ILogger logger, int count, string code, string reason);

    [LoggerMessage(EventId = 23, Level = LogLevel.Warning, Message = "Shutdown flush left {Remaining} record(s) undelivered after {TimeoutMs} ms; their requests were answered 503")]
    public static partial void FlushIncomplete(ILogger logger, int remaining, int timeoutMs);

    [LoggerMessage(EventId = 24, Message = "librdkafka {Facility}: {Message}")]
    public static partial void Librdkafka(ILogger logger, LogLevel level, string facility, string message);

    [LoggerMessage(EventId = 30, Level = LogLevel.Warning, Message = "Rate limiter table full ({Max} shops, Collector:MaxTrackedShops) after evicting idle shops; new shops get 503")]
    public static partial void ShopTableFull(ILogger logger, int max);
}
