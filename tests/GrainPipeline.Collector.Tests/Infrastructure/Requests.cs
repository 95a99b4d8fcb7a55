using System.Net.Http.Headers;
using System.Text;
using GrainPipeline.Collector.Webhooks;

namespace GrainPipeline.Collector.Tests.Infrastructure;

/// <summary>HTTP requests shaped like those of a storefront pixel and of Shopify's webhook sender.</summary>
public static class Requests
{
    public static HttpRequestMessage Pixel(string body, string shop = PixelJson.Shop) =>
        new(HttpMethod.Post, $"v1/pixel/{shop}") { Content = new StringContent(body, Encoding.UTF8, "application/json") };

    /// <param name="signWith">Secret to sign with; null sends no signature header.</param>
    public static HttpRequestMessage Webhook(string body, string? signWith, string webhookId, string topic = "orders/create", string shop = "Demo-Shop.myshopify.com")
    {
        var bytes = Encoding.UTF8.GetBytes(body);
        var request = new HttpRequestMessage(HttpMethod.Post, "v1/webhooks/shopify") { Content = new ByteArrayContent(bytes) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        if (signWith is not null) request.Headers.Add(WebhookEndpoint.SignatureHeader, HmacVerifier.Sign(bytes, signWith));
        request.Headers.Add(WebhookEndpoint.TopicHeader, topic);
        request.Headers.Add(WebhookEndpoint.ShopHeader, shop);
        request.Headers.Add(WebhookEndpoint.WebhookIdHeader, webhookId);
        request.Headers.Add("X-Shopify-API-Version", "2024-04");
        return request;
    }
}
