using System.Text.Json;
using GrainPipeline.Grains.Events;

namespace GrainPipeline.Grains.Tests;

/// <summary>Builds pipeline events from pixel JSON the way the ingest pump does.</summary>
internal static class TestEvents
{
    public const string Shop = "shop-1.myshopify.com";
    public const string Client = "c-1";
    private static int _next;

    public static PipelineEvent Pixel(string name, DateTimeOffset at, string data = "{}", string href = "https://shop-1.myshopify.com/", Action<PipelineEvent, Exception?>? onDone = null, string? id = null)
    {
        id ??= $"sh-{Interlocked.Increment(ref _next)}";
        var json = "{\"id\":\"" + id + "\",\"name\":\"" + name + "\",\"clientId\":\"" + Client + "\",\"timestamp\":\"" + at.ToString("O")
            + "\",\"context\":{\"document\":{\"location\":{\"href\":\"" + href + "\"}}},\"data\":" + data + "}";
        var envelope = new EventEnvelope(id, Shop, Client, name, at, EventSource.Pixel, null, null);
        return new PipelineEvent(JsonDocument.Parse(json), envelope, new EventOrigin("events", 0, 0), json.Length, onDone ?? ((_, _) => { }));
    }

    public static string CompletedCheckout(string orderId, decimal total, params (string ProductId, int Quantity, decimal LinePrice)[] lines)
    {
        var items = string.Join(",", lines.Select(l =>
            "{\"quantity\":" + l.Quantity + ",\"finalLinePrice\":{\"amount\":" + l.LinePrice + ",\"currencyCode\":\"EUR\"},"
            + "\"variant\":{\"price\":{\"amount\":1.0,\"currencyCode\":\"EUR\"},\"product\":{\"id\":\"" + l.ProductId + "\"}}}"));
        return "{\"checkout\":{\"token\":\"t-" + orderId + "\",\"currencyCode\":\"EUR\",\"email\":\"a@example.com\","
            + "\"totalPrice\":{\"amount\":" + total + ",\"currencyCode\":\"EUR\"},\"order\":{\"id\":\"gid://shopify/Order/" + orderId + "\"},"
            + "\"lineItems\":[" + items + "]}}";
    }
}
