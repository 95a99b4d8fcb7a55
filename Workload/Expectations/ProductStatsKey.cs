namespace GrainPipeline.Workload.Expectations;

/// <summary>The primary key of the <c>product_stats</c> table: (shop, normalised product id, UTC day).</summary>
public readonly record struct ProductStatsKey(string Shop, string ProductId, DateOnly Day);
