using GrainPipeline.Collector.Diagnostics;
using GrainPipeline.Collector.Http;
using GrainPipeline.Collector.Producing;
using GrainPipeline.Kafka.Contract;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace GrainPipeline.Collector.Webhooks;

/// <summary>
/// <c>POST /v1/webhooks/shopify</c>: one Shopify webhook delivery. The signature is checked over the
/// raw body before anything else is looked at; a bad one gets 401 and nothing is produced. The
/// record value is the body byte for byte. Shopify retries anything but a quick 2xx, so the answer
/// comes right after the broker's acknowledgement, never after processing. Webhooks are not
/// rate-limited per shop: they are signed by Shopify, and a 429 would only bring the same delivery back.
/// </summary>
public sealed class WebhookEndpoint(HmacVerifier verifier, IngestResponder responder, EventProducer producer, TimeProvider time, ILogger<WebhookEndpoint> logger)
{
    public const string Route = "/v1/webhooks/shopify";
    public const string SignatureHeader = "X-Shopify-Hmac-Sha256";
    public const string TopicHeader = "X-Shopify-Topic";
    public const string ShopHeader = "X-Shopify-Shop-Domain";
    public const string WebhookIdHeader = "X-Shopify-Webhook-Id";
    private const string Name = "webhook";

    public async Task<IResult> HandleAsync(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var headers = context.Request.Headers;
        var shopHeader = headers[ShopHeader].ToString();
        if (context.Request.ContentLength > responder.MaxRequestBytes) return responder.BodyTooLarge(Name, shopHeader);

        var lease = responder.TryAdmit(context);
        if (lease is null) return responder.Overloaded(context, Name, shopHeader);
        var leaseHandedOver = false;
        try
        {
            var body = await responder.ReadBodyAsync(context).ConfigureAwait(false);
            if (responder.Unread(body, Name, shopHeader) is { } unread) return unread;

            if (!verifier.Verify(body.Bytes, headers[SignatureHeader].ToString()))
            {
                CollectorLog.SignatureRejected(logger, shopHeader);
                return responder.Refuse(Name, shopHeader, StatusCodes.Status401Unauthorized, ReasonCodes.BadSignature,
                    $"{SignatureHeader} does not match the body for any configured secret");
            }

            var topic = headers[TopicHeader].ToString();
            var webhookId = headers[WebhookIdHeader].ToString();
            if (topic.Length == 0 || webhookId.Length == 0 || shopHeader.Length == 0)
                return responder.Refuse(Name, shopHeader, StatusCodes.Status400BadRequest, ReasonCodes.MissingHeader,
                    $"{TopicHeader}, {ShopHeader} and {WebhookIdHeader} are required");
            var shop = ShopDomain.Normalize(shopHeader);
            if (shop is null)
                return responder.Refuse(Name, shopHeader, StatusCodes.Status400BadRequest, ReasonCodes.BadShop, $"{ShopHeader} must be a host name");

            var key = WebhookRecordKey.For(shop, topic, body.Bytes);
            if (key is null)
                return responder.Refuse(Name, shop, StatusCodes.Status400BadRequest, ReasonCodes.Malformed, "the body is not well-formed JSON");

            var record = ContractRecords.Webhook(shop, key, topic, webhookId, body.Bytes, time.GetUtcNow().ToUnixTimeMilliseconds());
            leaseHandedOver = true;
            var outcome = await producer.ProduceAsync([record], RecordHeaders.SourceWebhook, lease).ConfigureAwait(false);
            return responder.Produced(context, Name, RecordHeaders.SourceWebhook, shop, outcome, 1, Answers.Json(StatusCodes.Status200OK, new WebhookAccepted(webhookId)));
        }
        finally
        {
            if (!leaseHandedOver) lease.Dispose();
        }
    }
}
