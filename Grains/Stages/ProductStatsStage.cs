using GrainPipeline.Stores.Abstractions;
using GrainPipeline.Stores.Model;

namespace GrainPipeline.Grains.Stages;

/// <summary>Stage 5 (background): increments into the partition's product-stat buffer; the flusher moves them on.</summary>
public sealed class ProductStatsStage(IProductStatsBuffer buffer, StageRunner runner, StageOptions options)
{
    public const string Name = "product-stats";

    public Task RunAsync(int partition, IReadOnlyList<ProductStatDelta> deltas) =>
        deltas.Count == 0
            ? Task.CompletedTask
            : runner.RunAsync(Name, StoreNames.StatsBuffer, options.ProductStatsTimeout, (partition, deltas), (a, token) => buffer.IncrementAsync(a.partition, a.deltas, token));
}
