using GrainPipeline.Grains.Events;
using GrainPipeline.Runtime;

namespace GrainPipeline.Grains;

/// <summary>
/// The grain side of <see cref="IUserGrain.Process"/>: the reference sends each event as a batched
/// call, so a visitor's events that queued up behind each other reach the grain in one turn.
/// </summary>
public interface IUserGrainTurn
{
    Task Process(CallBatch<PipelineEvent> events);
}
