namespace GrainPipeline.Runtime;

/// <summary>
/// Base of the hand-written typed references (the proxies Orleans would generate). A method of a
/// reference passes a static lambda and its argument, so a call allocates no closure and uses no reflection.
/// </summary>
public abstract class GrainReference(IGrainCallInvoker invoker, GrainId grainId)
{
    public GrainId GrainId => grainId;

    protected Task Invoke<TGrain, TArg>(Func<TGrain, TArg, Task> method, TArg argument) where TGrain : class =>
        invoker.Invoke(grainId, method, argument);

    protected Task<TResult> Invoke<TGrain, TArg, TResult>(Func<TGrain, TArg, Task<TResult>> method, TArg argument) where TGrain : class =>
        invoker.Invoke(grainId, method, argument);

    public override string ToString() => grainId.ToString();
}
