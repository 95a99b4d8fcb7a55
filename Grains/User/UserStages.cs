using GrainPipeline.Grains.Stages;

namespace GrainPipeline.Grains.User;

/// <summary>The five stages a <see cref="UserGrain"/> runs, made once per silo and shared by all its grains.</summary>
public sealed record UserStages(
    IndexStage Index,
    AdLeadStage AdLead,
    AttributionStage Attribution,
    CustomerStage Customer,
    ProductStatsStage ProductStats,
    BackgroundStagePool Background,
    PipelineCounters Counters)
{
    public BackgroundStages CustomerAndProductStats { get; } = new(Customer, ProductStats);
}
