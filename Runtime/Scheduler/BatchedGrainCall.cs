using GrainPipeline.Runtime.Catalog;

namespace GrainPipeline.Runtime.Scheduler;

/// <summary>
/// A grain call that takes the calls of the same method queued right behind it into its own turn,
/// up to <see cref="Configuration.RuntimeOptions.MaxCallsPerTurn"/>. A busy grain then pays one turn, and one await
/// per store round trip, for all of them: a visitor with eight events queued had them wait for eight
/// PostgreSQL statements one after another, and now for one (BENCHMARKS.md).
/// </summary>
/// <remarks>
/// The calls keep their own tasks: the grain ends each with its own outcome
/// (<see cref="CallBatch{TArg}.Complete"/>). The calls it absorbs never run on their own: once
/// absorbed they are out of the mailbox, and the leader completes or fails them.
/// </remarks>
internal sealed class BatchedGrainCall<TGrain, TArg>(Func<TGrain, CallBatch<TArg>, Task> method, TArg argument, int maxCalls)
    : WorkItem where TGrain : class
{
    // Continuations run inline on completion, as for GrainCall: the callers only record an outcome.
    private readonly TaskCompletionSource _completion = new();
    private Batch? _batch;

    public Task Task => _completion.Task;

    public override bool TryAbsorb(WorkItem next)
    {
        if (next is not BatchedGrainCall<TGrain, TArg> call || call.Method != method) return false;
        _batch ??= new Batch(this);
        if (_batch.Count >= maxCalls) return false;
        _batch.Add(call);
        return true;
    }

    private Func<TGrain, CallBatch<TArg>, Task> Method => method;

    public override Task Start(ActivationData activation) =>
        method((TGrain)(object)activation.Instance!, _batch ??= new Batch(this));

    public override void Complete(Task finished)
    {
        for (var i = 0; i < (_batch?.Count ?? 1); i++)
        {
            var call = _batch?.Call(i) ?? this;
            if (finished.IsCompletedSuccessfully) call._completion.TrySetResult();
            else if (finished.IsCanceled) call._completion.TrySetCanceled();
            else call._completion.TrySetException(finished.Exception!.InnerExceptions);
        }
    }

    public override void Fail(Exception error)
    {
        for (var i = 0; i < (_batch?.Count ?? 1); i++) (_batch?.Call(i) ?? this)._completion.TrySetException(error);
    }

    private void CompleteEarly(Exception? error)
    {
        if (error is null) _completion.TrySetResult();
        else if (error is OperationCanceledException) _completion.TrySetCanceled();
        else _completion.TrySetException(error);
    }

    /// <summary>The leader and its followers, as the grain sees them.</summary>
    private sealed class Batch(BatchedGrainCall<TGrain, TArg> leader) : CallBatch<TArg>
    {
        private List<BatchedGrainCall<TGrain, TArg>>? _followers;

        public override int Count => 1 + (_followers?.Count ?? 0);

        public override TArg this[int index] => Call(index).Argument;

        public override void Complete(int index, Exception? error) => Call(index).CompleteEarly(error);

        public void Add(BatchedGrainCall<TGrain, TArg> follower) => (_followers ??= []).Add(follower);

        public BatchedGrainCall<TGrain, TArg> Call(int index) => index == 0 ? leader : _followers![index - 1];
    }

    private TArg Argument => argument;
}
