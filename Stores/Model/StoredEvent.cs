namespace GrainPipeline.Stores.Model;

/// <summary>A row of the event index (table <c>events</c>).</summary>
public sealed record StoredEvent(
    string EventId,
    string Shop,
    string ClientId,
    string Name,
    DateTimeOffset OccurredAt,
    int KafkaPartition,
    long KafkaOffset,
    ReadOnlyMemory<byte> Payload);
