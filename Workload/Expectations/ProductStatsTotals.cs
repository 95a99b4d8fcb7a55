namespace GrainPipeline.Workload.Expectations;

/// <summary>The counters of one <c>product_stats</c> row, in the table's column order.</summary>
public readonly record struct ProductStatsTotals(long Views, long AddsToCart, long Purchases, decimal Revenue)
{
    public static ProductStatsTotals operator +(ProductStatsTotals left, ProductStatsTotals right) =>
        new(left.Views + right.Views, left.AddsToCart + right.AddsToCart, left.Purchases + right.Purchases, left.Revenue + right.Revenue);

    public static ProductStatsTotals Add(ProductStatsTotals left, ProductStatsTotals right) => left + right;
}
