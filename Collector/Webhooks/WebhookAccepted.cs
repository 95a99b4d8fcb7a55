namespace GrainPipeline.Collector.Webhooks;

/// <summary>The 200 answer's body: which delivery the broker acknowledged.</summary>
public sealed record WebhookAccepted(string WebhookId);
