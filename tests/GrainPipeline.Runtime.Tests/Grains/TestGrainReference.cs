namespace GrainPipeline.Runtime.Tests.Grains;

public sealed class TestGrainReference(IGrainCallInvoker invoker, GrainId id) : GrainReference(invoker, id), ITestGrain
{
    public Task Record(CallStamp stamp) => Invoke<ITestGrain, CallStamp>(static (grain, s) => grain.Record(s), stamp);

    public Task Hold(Task gate) => Invoke<ITestGrain, Task>(static (grain, g) => grain.Hold(g), gate);

    public Task<string> Ping() => Invoke<ITestGrain, int, string>(static (grain, _) => grain.Ping(), 0);

    public Task Fail(string message) => Invoke<ITestGrain, string>(static (grain, m) => grain.Fail(m), message);

    public Task DeactivateSoon() => Invoke<ITestGrain, int>(static (grain, _) => grain.DeactivateSoon(), 0);
}
