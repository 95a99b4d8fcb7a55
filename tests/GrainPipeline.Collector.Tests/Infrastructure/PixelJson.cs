using System.Globalization;

namespace GrainPipeline.Collector.Tests.Infrastructure;

/// <summary>Web Pixel events as a storefront sends them, shaped like Shopify's standard events.</summary>
public static class PixelJson
{
    public const string Shop = "demo-shop.myshopify.com";

    public static string Event(string id, string clientId = "client-1", string name = "page_viewed", string? padding = null) =>
        "{\"id\":\"" + id + "\",\"name\":\"" + name + "\",\"clientId\":\"" + clientId +
        "\",\"timestamp\":\"2024-05-01T12:00:00.000Z\",\"seq\":1,\"type\":\"standard\"," +
        "\"context\":{\"document\":{\"location\":{\"href\":\"https://demo-shop.example/?gclid=abc\",\"pathname\":\"/\"}}}," +
        "\"data\":{" + (padding is null ? "" : "\"padding\":\"" + padding + "\"") + "}}";

    public static string Array(params string[] events) => "[" + string.Join(",", events) + "]";

    public static string Id(string prefix, int n) => prefix + "-" + n.ToString(CultureInfo.InvariantCulture);
}
