namespace GrainPipeline.Runtime.Tests.Grains;

public sealed class StatefulGrainReference(IGrainCallInvoker invoker, GrainId id) : GrainReference(invoker, id), IStatefulGrain
{
    public Task<int> Get() => Invoke<IStatefulGrain, int, int>(static (grain, _) => grain.Get(), 0);

    public Task Add(int amount) => Invoke<IStatefulGrain, int>(static (grain, a) => grain.Add(a), amount);

    public Task<int> ValueAtActivation() => Invoke<IStatefulGrain, int, int>(static (grain, _) => grain.ValueAtActivation(), 0);
}
