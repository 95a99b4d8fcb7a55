namespace GrainPipeline.Runtime;

/// <summary>Routes a typed grain call to its activation. Grain references are thin wrappers over it.</summary>
public interface IGrainCallInvoker
{
    Task Invoke<TGrain, TArg>(GrainId target, Func<TGrain, TArg, Task> method, TArg argument) where TGrain : class;

    Task<TResult> Invoke<TGrain, TArg, TResult>(GrainId target, Func<TGrain, TArg, Task<TResult>> method, TArg argument) where TGrain : class;

    /// <summary>A call that may share its turn with the calls of the same method queued behind it (<see cref="CallBatch{TArg}"/>).</summary>
    Task InvokeBatched<TGrain, TArg>(GrainId target, Func<TGrain, CallBatch<TArg>, Task> method, TArg argument) where TGrain : class;
}
