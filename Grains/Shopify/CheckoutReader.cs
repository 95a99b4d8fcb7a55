using System.Text.Json;

namespace GrainPipeline.Grains.Shopify;

/// <summary>The order facts of a checkout_completed event.</summary>
internal sealed record CompletedCheckout(string OrderId, decimal Revenue, string Currency, string? Email)
{
    public static CompletedCheckout? Read(JsonElement payload)
    {
        if (JsonRead.Path(payload, "data", "checkout") is not { ValueKind: JsonValueKind.Object } checkout) return null;
        var orderId = ShopifyIds.Normalize(JsonRead.String(checkout, "order", "id")) ?? JsonRead.String(checkout, "token");
        if (orderId is null) return null;
        var revenue = JsonRead.Money(checkout, "totalPrice", "amount") ?? 0m;
        var currency = JsonRead.String(checkout, "totalPrice", "currencyCode") ?? JsonRead.String(checkout, "currencyCode") ?? "XXX";
        return new CompletedCheckout(orderId, revenue, currency, JsonRead.String(checkout, "email"));
    }
}
