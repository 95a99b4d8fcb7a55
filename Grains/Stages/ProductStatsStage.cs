using GrainPipeline.Stores.Abstractions;

namespace GrainPipeline.Grains.Stages;

/// <summary>
/// Stage 5 (background): increments into the partition's product-stat buffer, once per event (the
/// buffer remembers applied events, so a redelivery or a replay adds nothing); the flusher moves them
/// on. A turn's events go in one buffer call.
/// </summary>
public sealed class ProductStatsStage(IProductStatsBuffer buffer, StageRunner runner, StageOptions options)
{
    public const string Name = "product-stats";

    public Task RunAsync(BackgroundBatch batch)
    {
        ArgumentNullException.ThrowIfNull(batch);
        var stats = batch.Stats;
        return stats.Count == 0
            ? Task.CompletedTask
            : runner.RunAsync(Name, StoreNames.StatsBuffer, options.ProductStatsTimeout, (buffer, batch.Partition, stats),
                static (a, token) => a.buffer.IncrementEachOnceAsync(a.Partition, a.stats, token), batch.CutOff);
    }
}
