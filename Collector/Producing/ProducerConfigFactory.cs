using Confluent.Kafka;
using GrainPipeline.Collector.Options;

namespace GrainPipeline.Collector.Producing;

/// <summary>
/// librdkafka settings for the collector's producer, each chosen so that an acknowledged event is
/// never lost and an unreachable broker is noticed within seconds rather than minutes.
/// </summary>
internal static class ProducerConfigFactory
{
    public const int StatisticsIntervalMs = 1_000;

    public static ProducerConfig Create(CollectorOptions options)
    {
        var config = Settings(options);
        options.Kafka.ApplyTo(config);
        return config;
    }

    private static ProducerConfig Settings(CollectorOptions options) => new()
    {
        BootstrapServers = options.BootstrapServers,
        ClientId = "grain-pipeline-collector",

        // No loss, no duplicates from retries, per-partition order kept across retries.
        EnableIdempotence = true,
        Acks = Acks.All,

        // Bounded queue: when it is full, produce fails at once (Local_QueueFull) and the request gets 503.
        QueueBufferingMaxMessages = options.ProducerQueueMessages,
        QueueBufferingMaxKbytes = options.ProducerQueueKBytes,
        LingerMs = options.LingerMs,

        // A record that is not acknowledged in time fails, so a request is answered within the timeout.
        MessageTimeoutMs = options.DeliveryTimeoutMs,
        RequestTimeoutMs = Math.Min(options.DeliveryTimeoutMs, 30_000),

        // Notice a dead broker quickly: short connection setup, keep-alive, fast reconnect.
        SocketConnectionSetupTimeoutMs = Math.Clamp(options.DeliveryTimeoutMs, 1_000, 10_000),
        SocketTimeoutMs = Math.Max(options.DeliveryTimeoutMs, 10_000),
        SocketKeepaliveEnable = true,
        ReconnectBackoffMs = 100,
        ReconnectBackoffMaxMs = 1_000,

        // Webhook bodies may be as large as a request; the broker still has its own limit.
        MessageMaxBytes = Math.Max(1_000_000, options.MaxRequestBytes + (64 * 1024)),

        // Statistics feed readiness and the queue gauges; delivery reports need only the status,
        // not a copy of every key and value back into managed memory.
        StatisticsIntervalMs = StatisticsIntervalMs,
        DeliveryReportFields = "status",

        // Same partitioner as librdkafka's default, stated so every producer of `events` agrees:
        // one key must always land on one partition (DESIGN: per-user order).
        Partitioner = Partitioner.ConsistentRandom,
    };
}
