using Confluent.Kafka;
using GrainPipeline.Kafka.Security;

namespace GrainPipeline.Ingest.Configuration;

/// <summary>The Kafka client settings the pump depends on, in one place.</summary>
public static class KafkaConfigs
{
    public static ConsumerConfig Consumer(IngestOptions options, KafkaSecurityOptions security, string clientId)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(security);
        var config = new ConsumerConfig
        {
            BootstrapServers = options.Bootstrap,
            GroupId = options.GroupId,
            ClientId = clientId,
            EnableAutoCommit = false,
            EnableAutoOffsetStore = false,
            AutoOffsetReset = AutoOffsetReset.Earliest,
            // Eager: a revoke hands back every partition at once, before anyone else may fetch them.
            PartitionAssignmentStrategy = PartitionAssignmentStrategy.RoundRobin,
            FetchWaitMaxMs = options.FetchWaitMaxMs,
            QueuedMaxMessagesKbytes = options.PrefetchKiB,
            // The record size limit is enforced by the parser (dead letter); the client must still fetch them.
            FetchMaxBytes = Math.Max(options.MaxRecordBytes * 4, 8 * 1024 * 1024),
            MaxPartitionFetchBytes = 1024 * 1024,
            SessionTimeoutMs = options.SessionTimeoutMs,
            HeartbeatIntervalMs = Math.Max(100, options.SessionTimeoutMs / 5),
            EnablePartitionEof = false,
            LogConnectionClose = false,
        };
        security.ApplyTo(config);
        return config;
    }

    public static ProducerConfig DeadLetterProducer(IngestOptions options, KafkaSecurityOptions security, string clientId)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(security);
        var config = new ProducerConfig
        {
            BootstrapServers = options.Bootstrap,
            ClientId = clientId + "-dlq",
            Acks = Acks.All,
            EnableIdempotence = true,
            LingerMs = 5,
            // A dead letter carries the original value, oversized ones included.
            MessageMaxBytes = Math.Max(options.MaxRecordBytes * 16, 16 * 1024 * 1024),
            QueueBufferingMaxKbytes = options.DeadLetterQueueKiB,
            MessageTimeoutMs = 30_000,
            LogConnectionClose = false,
        };
        security.ApplyTo(config);
        return config;
    }
}
