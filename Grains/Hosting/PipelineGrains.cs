using GrainPipeline.Grains.Flushing;
using GrainPipeline.Grains.References;
using GrainPipeline.Grains.User;
using GrainPipeline.Runtime.Catalog;
using GrainPipeline.Stores.Abstractions;

namespace GrainPipeline.Grains.Hosting;

/// <summary>Registers the pipeline's grain classes with the runtime.</summary>
public static class PipelineGrains
{
    public static GrainTypeRegistry AddPipelineGrains(this GrainTypeRegistry registry, UserStages stages,
        IProductStatsBuffer buffer, IProductStatsStore store, FlusherOptions flusher, FlusherStatistics? flusherStatistics = null)
    {
        flusherStatistics ??= new FlusherStatistics();
        ArgumentNullException.ThrowIfNull(registry);
        ArgumentNullException.ThrowIfNull(flusher);
        var batchSlots = new SemaphoreSlim(flusher.MaxConcurrentBatches);
        return registry
            .Add<IUserGrain>(UserGrain.TypeName, context => new UserGrain(context, stages), static (invoker, id) => new UserGrainReference(invoker, id))
            .Add<IProductStatsFlusherGrain>(ProductStatsFlusherGrain.TypeName, _ => new ProductStatsFlusherGrain(buffer, store, flusher, flusherStatistics, batchSlots),
                static (invoker, id) => new ProductStatsFlusherGrainReference(invoker, id));
    }
}
