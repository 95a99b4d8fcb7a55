using GrainPipeline.Runtime;

namespace GrainPipeline.Benchmarks.Grains;

public sealed class NoOpGrainReference(IGrainCallInvoker invoker, GrainId id) : GrainReference(invoker, id), INoOpGrain
{
    public Task Call() => Invoke<INoOpGrain, int>(static (grain, _) => grain.Call(), 0);
}
