using System.Text.Json;
using GrainPipeline.Grains.Events;
using GrainPipeline.Stores.Model;

namespace GrainPipeline.Grains.Shopify;

/// <summary>
/// What an event adds to product stats, per shop, product and UTC day:
/// product_viewed → 1 view; product_added_to_cart → 1 add; checkout_completed → per line item,
/// quantity purchases and the line's final price as revenue.
/// </summary>
internal static class ProductEffects
{
    public static IReadOnlyList<ProductStatDelta> Of(PipelineEvent evt)
    {
        var day = DateOnly.FromDateTime(evt.OccurredAt.UtcDateTime);
        var data = JsonRead.Path(evt.Payload, "data");
        if (data is null) return [];
        switch (evt.Name)
        {
            case EventNames.ProductViewed:
                return One(evt.Shop, JsonRead.String(data.Value, "productVariant", "product", "id"), day, views: 1);
            case EventNames.ProductAddedToCart:
                return One(evt.Shop, JsonRead.String(data.Value, "cartLine", "merchandise", "product", "id"), day, adds: 1);
            case EventNames.CheckoutCompleted:
                return Purchases(evt.Shop, data.Value, day);
            default:
                return [];
        }
    }

    private static IReadOnlyList<ProductStatDelta> One(string shop, string? rawProductId, DateOnly day, long views = 0, long adds = 0) =>
        ShopifyIds.Normalize(rawProductId) is { } productId ? [new ProductStatDelta(new ProductStatKey(shop, productId, day), views, adds, 0, 0m)] : [];

    private static List<ProductStatDelta> Purchases(string shop, JsonElement data, DateOnly day)
    {
        var deltas = new List<ProductStatDelta>();
        if (JsonRead.Path(data, "checkout", "lineItems") is not { ValueKind: JsonValueKind.Array } lines) return deltas;
        foreach (var line in lines.EnumerateArray())
        {
            if (ShopifyIds.Normalize(JsonRead.String(line, "variant", "product", "id")) is not { } productId) continue;
            var quantity = JsonRead.Integer(line, "quantity") ?? 1;
            var revenue = JsonRead.Money(line, "finalLinePrice", "amount")
                ?? (JsonRead.Money(line, "variant", "price", "amount") ?? 0m) * quantity;
            deltas.Add(new ProductStatDelta(new ProductStatKey(shop, productId, day), 0, 0, quantity, revenue));
        }
        return deltas;
    }
}
