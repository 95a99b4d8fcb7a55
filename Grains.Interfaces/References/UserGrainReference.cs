using GrainPipeline.Grains.Events;
using GrainPipeline.Runtime;

namespace GrainPipeline.Grains.References;

/// <summary>Typed reference to <see cref="IUserGrain"/> (what Orleans would generate).</summary>
public sealed class UserGrainReference(IGrainCallInvoker invoker, GrainId id) : GrainReference(invoker, id), IUserGrain
{
    public Task Process(PipelineEvent evt) => InvokeBatched<IUserGrainTurn, PipelineEvent>(static (grain, events) => grain.Process(events), evt);
}
