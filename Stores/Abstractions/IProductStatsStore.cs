using GrainPipeline.Stores.Model;

namespace GrainPipeline.Stores.Abstractions;

/// <summary>The product_stats table: cells are added to, never overwritten.</summary>
public interface IProductStatsStore
{
    /// <summary>
    /// Adds each cell of the batch to the table in one bulk write and records the batch id in the same
    /// transaction. Returns false, changing nothing, when that id was applied before (a replayed batch).
    /// </summary>
    Task<bool> ApplyBatchAsync(ProductStatBatch batch, CancellationToken cancellation);

    /// <summary>Reads every cell, page by page, for verification and the dashboard.</summary>
    IAsyncEnumerable<ProductStatDelta> ReadAllAsync(CancellationToken cancellation);
}
