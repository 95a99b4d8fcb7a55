using GrainPipeline.Workload.Model;

namespace GrainPipeline.Workload.Expectations;

/// <summary>
/// What the pipeline's <c>product_stats</c> store must contain after it has processed a set of records:
/// the sum of their <see cref="GeneratedRecord.ProductEffects"/> per (shop, product, day). A verifier
/// compares the store row by row with <see cref="Rows"/>. Size is bounded by shops × ~50 products ×
/// days, not by the number of events. Single writer: fill it from one thread, then read.
/// </summary>
public sealed class ExpectedProductStats
{
    private readonly Dictionary<ProductStatsKey, ProductStatsTotals> _rows = [];

    public IReadOnlyDictionary<ProductStatsKey, ProductStatsTotals> Rows => _rows;

    public int Count => _rows.Count;

    /// <summary>Sum over all rows: a cheap first check before comparing row by row.</summary>
    public ProductStatsTotals GrandTotal { get; private set; }

    /// <summary>Builds the expectation from a complete run (e.g. a second pass of the generator).</summary>
    public static ExpectedProductStats From(IEnumerable<GeneratedRecord> records)
    {
        ArgumentNullException.ThrowIfNull(records);
        var stats = new ExpectedProductStats();
        foreach (var record in records) stats.Add(record);
        return stats;
    }

    /// <summary>Adds one record's effects; poison records have none and change nothing.</summary>
    public void Add(GeneratedRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        if (record.IsPoison || record.Shop is null) return;
        foreach (var effect in record.ProductEffects)
        {
            var key = new ProductStatsKey(record.Shop, effect.ProductId, effect.Day);
            var delta = new ProductStatsTotals(effect.Views, effect.AddsToCart, effect.Purchases, effect.Revenue);
            _rows[key] = _rows.GetValueOrDefault(key) + delta;
            GrandTotal += delta;
        }
    }

    /// <summary>
    /// Passes records through unchanged while adding each one, so a single pass of the generator can
    /// feed the producer and build the expectation at the same time. A record counts once it has been
    /// handed on; if the producer then fails to deliver it, the report's Failed count says so.
    /// </summary>
    public IEnumerable<GeneratedRecord> Track(IEnumerable<GeneratedRecord> records)
    {
        ArgumentNullException.ThrowIfNull(records);
        return Iterate(records);

        IEnumerable<GeneratedRecord> Iterate(IEnumerable<GeneratedRecord> source)
        {
            foreach (var record in source)
            {
                Add(record);
                yield return record;
            }
        }
    }

    public bool TryGet(string shop, string productId, DateOnly day, out ProductStatsTotals totals) =>
        _rows.TryGetValue(new ProductStatsKey(shop, productId, day), out totals);
}
