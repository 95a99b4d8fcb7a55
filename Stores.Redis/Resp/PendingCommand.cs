namespace GrainPipeline.Stores.Redis.Resp;

/// <summary>
/// A command on its way: waiting for a slot, queued for the socket, then written and awaiting its
/// reply. Once admitted it holds one slot of the <see cref="CommandGate"/> until it is answered,
/// skipped or failed — exactly once — so a caller that gives up (its token) does not free a slot the
/// server still owes a reply for.
/// </summary>
internal sealed class PendingCommand(RespRequest request, CommandGate gate)
    : TaskCompletionSource<RespValue>(TaskCreationOptions.RunContinuationsAsynchronously)
{
    private CancellationTokenRegistration _registration;
    private volatile bool _admitted;
    private int _finished;

    public RespRequest Request => request;

    /// <summary>Holds a slot (set by the gate under its lock).</summary>
    public bool Admitted
    {
        get => _admitted;
        set => _admitted = value;
    }

    /// <summary>Its place in the gate's line while waiting (guarded by the gate's lock).</summary>
    public LinkedListNode<PendingCommand>? WaitingNode { get; set; }

    /// <summary><see cref="System.Diagnostics.Stopwatch"/> timestamp of when the writer took it; 0 while queued.</summary>
    public long WrittenAt { get; set; }

    /// <summary>Cancels the caller's task when the token fires; call before submitting the command.</summary>
    public void WatchCancellation(CancellationToken cancellation)
    {
        if (cancellation.CanBeCanceled)
            _registration = cancellation.UnsafeRegister(static (state, token) => ((PendingCommand)state!).OnCancelled(token), this);
    }

    /// <summary>The reply arrived (an error reply becomes an exception).</summary>
    public void Complete(RespValue reply)
    {
        if (reply.Type == RespType.Error) TrySetException(RedisServerException.From(reply.ErrorMessage, request.Command));
        else TrySetResult(reply);
        Finish();
    }

    public void Fail(Exception error)
    {
        TrySetException(error);
        Finish();
    }

    /// <summary>Dropped unsent because the caller already gave up.</summary>
    public void Skip() => Finish();

    private void OnCancelled(CancellationToken token)
    {
        if (TrySetCanceled(token)) gate.Withdraw(this);
    }

    private void Finish()
    {
        if (Interlocked.Exchange(ref _finished, 1) != 0) return;
        _registration.Unregister();
        if (_admitted) gate.Release();
    }
}
