using Confluent.Kafka;
using GrainPipeline.Collector.Http;
using GrainPipeline.Collector.Options;
using GrainPipeline.Collector.Producing;
using GrainPipeline.Collector.RateLimiting;
using GrainPipeline.Kafka.Contract;
using Microsoft.AspNetCore.Http;

namespace GrainPipeline.Collector.Pixel;

/// <summary>
/// <c>POST /v1/pixel/{shop}</c>: one Web Pixel event or a JSON array of them. Any content type is
/// accepted, because <c>navigator.sendBeacon</c> sends <c>text/plain</c> to avoid a CORS preflight.
/// Order of checks, cheapest refusal first: shop name, declared size (413), request budget (503),
/// body (413/400), shape (400/413), per-shop rate (429), produce and wait for acks (202 or 503).
/// </summary>
public sealed class PixelEndpoint(CollectorOptions options, IngestResponder responder, ShopRateLimiter rateLimiter, EventProducer producer, TimeProvider time)
{
    public const string Route = "/v1/pixel/{shop}";
    private const string Name = "pixel";

    public async Task<IResult> HandleAsync(HttpContext context, string shop)
    {
        ArgumentNullException.ThrowIfNull(context);
        var domain = ShopDomain.Normalize(shop);
        if (domain is null)
            return responder.Refuse(Name, shop, StatusCodes.Status400BadRequest, ReasonCodes.BadShop, "the shop in the URL must be a host name such as example.myshopify.com");
        if (context.Request.ContentLength > options.MaxRequestBytes) return responder.BodyTooLarge(Name, domain);

        var lease = responder.TryAdmit(context);
        if (lease is null) return responder.Overloaded(context, Name, domain);
        var leaseHandedOver = false;
        try
        {
            var body = await responder.ReadBodyAsync(context).ConfigureAwait(false);
            if (responder.Unread(body, Name, domain) is { } unread) return unread;

            var batch = PixelBatchParser.Parse(body.Bytes, options.MaxEventBytes, options.MaxEventsPerRequest);
            if (!batch.IsValid)
                return responder.Refuse(Name, domain, batch.Status, batch.Status == 413 ? ReasonCodes.TooLarge : ReasonCodes.Malformed, batch.Error!);

            switch (rateLimiter.TryAcquire(domain, batch.Events.Count, out var wait))
            {
                case RateDecision.Limited:
                    return responder.RetryLater(context, Name, domain, StatusCodes.Status429TooManyRequests, ReasonCodes.RateLimited,
                        $"shop {domain} is over {options.PerShopEventsPerSecond} events/s (Collector:PerShopEventsPerSecond)", wait);
                case RateDecision.TableFull:
                    return responder.RetryLater(context, Name, domain, StatusCodes.Status503ServiceUnavailable, ReasonCodes.ShopTableFull,
                        "too many shops are sending at once (Collector:MaxTrackedShops)");
            }

            var receivedAt = time.GetUtcNow().ToUnixTimeMilliseconds();
            var records = new Message<byte[], byte[]>[batch.Events.Count];
            for (var i = 0; i < records.Length; i++)
            {
                var e = batch.Events[i];
                records[i] = ContractRecords.Pixel(domain, e.ClientId, ValueOf(body.Bytes, e), receivedAt);
            }

            leaseHandedOver = true;
            var outcome = await producer.ProduceAsync(records, RecordHeaders.SourcePixel, lease).ConfigureAwait(false);
            return responder.Produced(context, Name, RecordHeaders.SourcePixel, domain, outcome, records.Length,
                Answers.Json(StatusCodes.Status202Accepted, new PixelAccepted(records.Length)));
        }
        finally
        {
            if (!leaseHandedOver) lease.Dispose();
        }
    }

    // The record value is the event's JSON exactly as sent: the whole body when it is the event alone.
    private static byte[] ValueOf(byte[] body, PixelEvent e) =>
        e.Start == 0 && e.Length == body.Length ? body : body.AsSpan(e.Start, e.Length).ToArray();
}
