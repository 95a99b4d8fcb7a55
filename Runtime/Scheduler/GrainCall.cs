using GrainPipeline.Runtime.Catalog;

namespace GrainPipeline.Runtime.Scheduler;

/// <summary>
/// A call to a grain method. The method is a static delegate plus its argument, so a call costs one
/// object and a task, and no reflection.
/// </summary>
internal sealed class GrainCall<TGrain, TArg>(Func<TGrain, TArg, Task> method, TArg argument) : WorkItem
    where TGrain : class
{
    // Continuations run inline on completion: callers (the ingest pump) only record an offset and
    // release a budget lease, and an extra thread-pool hop per call would halve throughput.
    private readonly TaskCompletionSource _completion = new();

    public Task Task => _completion.Task;

    public override Task Start(ActivationData activation) => method((TGrain)(object)activation.Instance!, argument);

    public override void Complete(Task finished)
    {
        if (finished.IsCompletedSuccessfully) _completion.TrySetResult();
        else if (finished.IsCanceled) _completion.TrySetCanceled();
        else _completion.TrySetException(finished.Exception!.InnerExceptions);
    }

    public override void Fail(Exception error) => _completion.TrySetException(error);
}

/// <summary>A grain call that returns a value.</summary>
internal sealed class GrainCall<TGrain, TArg, TResult>(Func<TGrain, TArg, Task<TResult>> method, TArg argument) : WorkItem
    where TGrain : class
{
    private readonly TaskCompletionSource<TResult> _completion = new();

    public Task<TResult> Task => _completion.Task;

    public override Task Start(ActivationData activation) => method((TGrain)(object)activation.Instance!, argument);

    public override void Complete(Task finished)
    {
        if (finished.IsCompletedSuccessfully) _completion.TrySetResult(((Task<TResult>)finished).Result);
        else if (finished.IsCanceled) _completion.TrySetCanceled();
        else _completion.TrySetException(finished.Exception!.InnerExceptions);
    }

    public override void Fail(Exception error) => _completion.TrySetException(error);
}
