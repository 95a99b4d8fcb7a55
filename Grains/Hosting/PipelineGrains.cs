using GrainPipeline.Grains.Flushing;
using GrainPipeline.Grains.References;
using GrainPipeline.Grains.User;
using GrainPipeline.Runtime.Catalog;
using GrainPipeline.Stores.Abstractions;

namespace GrainPipeline.Grains.Hosting;

/// <summary>Registers the pipeline's grain classes with the runtime.</summary>
public static class PipelineGrains
{
    /// <param name="ownsPartition">Whether this silo still owns a partition (always, when null): a flusher's reminder flush stops once it does not.</param>
    public static GrainTypeRegistry AddPipelineGrains(this GrainTypeRegistry registry, UserStages stages,
        IProductStatsBuffer buffer, IProductStatsStore store, FlusherOptions flusher, FlusherStatistics? flusherStatistics = null,
        Func<int, bool>? ownsPartition = null)
    {
        flusherStatistics ??= new FlusherStatistics();
        ownsPartition ??= static _ => true;
        ArgumentNullException.ThrowIfNull(registry);
        ArgumentNullException.ThrowIfNull(flusher);
        var batchSlots = new SemaphoreSlim(flusher.MaxConcurrentBatches);
        return registry
            .Add<IUserGrain>(UserGrain.TypeName, context => new UserGrain(context, stages), static (invoker, id) => new UserGrainReference(invoker, id))
            .Add<IProductStatsFlusherGrain>(ProductStatsFlusherGrain.TypeName, _ => new ProductStatsFlusherGrain(buffer, store, flusher, flusherStatistics, batchSlots, ownsPartition),
                static (invoker, id) => new ProductStatsFlusherGrainReference(invoker, id));
    }
}
