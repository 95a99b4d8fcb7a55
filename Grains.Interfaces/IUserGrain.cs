using GrainPipeline.Grains.Events;
using GrainPipeline.Runtime;

namespace GrainPipeline.Grains;

/// <summary>
/// One storefront visitor (key <c>{shop}:{clientId}</c>). Runs the five stages of each event in the
/// order the events arrive. The call completes after the awaited stages; the event as a whole is
/// done when <see cref="PipelineEvent.Completion"/> says so (background stages included).
/// </summary>
public interface IUserGrain : IGrainWithStringKey
{
    Task Process(PipelineEvent evt);
}
