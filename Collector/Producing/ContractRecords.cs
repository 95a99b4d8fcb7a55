using System.Globalization;
using System.Text;
using Confluent.Kafka;
using GrainPipeline.Kafka.Contract;

namespace GrainPipeline.Collector.Producing;

/// <summary>
/// Builds Kafka records exactly as DESIGN.md's contract says: key <c>{shop}:{clientId}</c> in UTF-8,
/// value the JSON bytes as received, and the <c>gp-*</c> headers. The one place that knows the shape.
/// </summary>
public static class ContractRecords
{
    private static readonly byte[] PixelSource = Encoding.UTF8.GetBytes(RecordHeaders.SourcePixel);
    private static readonly byte[] WebhookSource = Encoding.UTF8.GetBytes(RecordHeaders.SourceWebhook);

    /// <summary>A Web Pixel event: key <c>{shop}:{clientId}</c>.</summary>
    public static Message<byte[], byte[]> Pixel(string shop, string clientId, byte[] value, long receivedAtUnixMs) => new()
    {
        Key = Encoding.UTF8.GetBytes(string.Concat(shop, ":", clientId)),
        Value = value,
        Headers = new Headers
        {
            { RecordHeaders.Source, PixelSource },
            { RecordHeaders.Shop, Encoding.UTF8.GetBytes(shop) },
            { RecordHeaders.ReceivedAt, UnixMs(receivedAtUnixMs) },
        },
    };

    /// <summary>A webhook delivery; its key comes from <see cref="Webhooks.WebhookRecordKey"/>.</summary>
    public static Message<byte[], byte[]> Webhook(string shop, string key, string topic, string webhookId, byte[] value, long receivedAtUnixMs) => new()
    {
        Key = Encoding.UTF8.GetBytes(key),
        Value = value,
        Headers = new Headers
        {
            { RecordHeaders.Source, WebhookSource },
            { RecordHeaders.Shop, Encoding.UTF8.GetBytes(shop) },
            { RecordHeaders.WebhookTopic, Encoding.UTF8.GetBytes(topic) },
            { RecordHeaders.WebhookId, Encoding.UTF8.GetBytes(webhookId) },
            { RecordHeaders.ReceivedAt, UnixMs(receivedAtUnixMs) },
        },
    };

    private static byte[] UnixMs(long value) => Encoding.UTF8.GetBytes(value.ToString(CultureInfo.InvariantCulture));
}
