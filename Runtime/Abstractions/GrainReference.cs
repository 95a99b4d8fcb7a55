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

    /// <summary>
    /// A call whose grain may run it in one turn with the calls of the same method queued behind it:
    /// for a method a busy grain receives in bursts, where the grain can serve several at the cost of one.
    /// </summary>
    protected Task InvokeBatched<TGrain, TArg>(Func<TGrain, CallBatch<TArg>, Task> method, TArg argument) where TGrain : class =>
        invoker.InvokeBatched(grainId, method, argument);

    public override string ToString() => grainId.ToString();
}
