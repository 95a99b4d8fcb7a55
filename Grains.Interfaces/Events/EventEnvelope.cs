namespace GrainPipeline.Grains.Events;

/// <summary>The identity fields every event must have, read once by the ingest parser.</summary>
public sealed record EventEnvelope(
    string EventId,
    string Shop,
    string ClientId,
    string Name,
    DateTimeOffset OccurredAt,
    EventSource Source,
    string? WebhookTopic,
    long? ReceivedAtUnixMs)
{
    /// <summary>The grain key and Kafka record key: <c>{shop}:{clientId}</c>.</summary>
    public string UserKey => $"{Shop}:{ClientId}";
}
