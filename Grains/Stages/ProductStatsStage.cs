using GrainPipeline.Stores.Abstractions;
using GrainPipeline.Stores.Model;

namespace GrainPipeline.Grains.Stages;

/// <summary>
/// Stage 5 (background): increments into the partition's product-stat buffer, once per event (the
/// buffer remembers applied events, so a redelivery or a replay adds nothing); the flusher moves them on.
/// </summary>
public sealed class ProductStatsStage(IProductStatsBuffer buffer, StageRunner runner, StageOptions options)
{
    public const string Name = "product-stats";

    public Task RunAsync(int partition, string eventId, IReadOnlyList<ProductStatDelta> deltas, CancellationToken cutOff = default) =>
        deltas.Count == 0
            ? Task.CompletedTask
            : runner.RunAsync(Name, StoreNames.StatsBuffer, options.ProductStatsTimeout, (buffer, partition, eventId, deltas),
                static (a, token) => a.buffer.IncrementOnceAsync(a.partition, a.eventId, a.deltas, token), cutOff);
}
