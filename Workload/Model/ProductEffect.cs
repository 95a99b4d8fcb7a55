namespace GrainPipeline.Workload.Model;

/// <summary>
/// What one event must add to the product-stats row (shop, <see cref="ProductId"/>, <see cref="Day"/>).
/// Mirrors the pipeline's product-stats rules so a verifier can predict its output:
/// product_viewed → one view; product_added_to_cart → one add; checkout_completed → per line item,
/// purchases += quantity and revenue += finalLinePrice.amount.
/// </summary>
/// <param name="ProductId">Normalised: digits only, a GID's prefix stripped.</param>
/// <param name="Day">UTC calendar day of the event's <c>timestamp</c>.</param>
public readonly record struct ProductEffect(
    string ProductId,
    DateOnly Day,
    long Views,
    long AddsToCart,
    long Purchases,
    decimal Revenue);
