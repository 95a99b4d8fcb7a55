namespace GrainPipeline.Kafka.Contract;

/// <summary>Header names of the record contract (DESIGN.md); operators and tools depend on them.</summary>
public static class RecordHeaders
{
    public const string Source = "gp-source";
    public const string Shop = "gp-shop";
    public const string WebhookTopic = "gp-webhook-topic";
    public const string WebhookId = "gp-webhook-id";
    public const string ReceivedAt = "gp-received-at";

    public const string Error = "gp-error";
    public const string ErrorDetail = "gp-error-detail";
    public const string Origin = "gp-origin";

    public const string SourcePixel = "pixel";
    public const string SourceWebhook = "webhook";
}
