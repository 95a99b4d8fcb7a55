using GrainPipeline.Stores.Model;

namespace GrainPipeline.Stores.Abstractions;

/// <summary>The product_stats table: cells are added to, never overwritten.</summary>
public interface IProductStatsStore
{
    /// <summary>Adds each delta to its cell in one bulk write.</summary>
    Task AddAsync(IReadOnlyList<ProductStatDelta> deltas, CancellationToken cancellation);

    /// <summary>Reads every cell, page by page, for verification and the dashboard.</summary>
    IAsyncEnumerable<ProductStatDelta> ReadAllAsync(CancellationToken cancellation);
}
