namespace GrainPipeline.Stores.Model;

/// <summary>Increments to one product_stats cell (shop, product, day).</summary>
public readonly record struct ProductStatKey(string Shop, string ProductId, DateOnly Day);

public readonly record struct ProductStatDelta(ProductStatKey Key, long Views, long AddsToCart, long Purchases, decimal Revenue)
{
    public ProductStatDelta Plus(ProductStatDelta other) =>
        new(Key, Views + other.Views, AddsToCart + other.AddsToCart, Purchases + other.Purchases, Revenue + other.Revenue);
}
