using System.Diagnostics;

namespace GrainPipeline.Stores.Redis.Resp;

/// <summary>
/// The bound on pending commands, first come first served. A command is admitted while fewer than
/// the capacity are queued or unanswered; otherwise it waits in line. Admission and dispatch to the
/// session happen together under one lock, so commands reach the socket in the order they were
/// issued even when callers had to wait (a plain semaphore lets late callers barge in). A freed slot
/// goes straight to the next in line; a caller that gives up leaves the line at once. Rejections are
/// completed outside the lock.
/// </summary>
internal sealed class CommandGate(int capacity, Func<RedisSession?> session, Func<Exception> unreachable)
{
    private readonly Lock _lock = new();
    private readonly LinkedList<PendingCommand> _waiting = new();
    private readonly int _capacity = capacity;
    private int _free = capacity;

    /// <summary>Commands holding a slot: queued for the socket or awaiting their reply.</summary>
    public int Admitted
    {
        get { lock (_lock) return _capacity - _free; }
    }

    /// <summary>Commands waiting in line for a slot.</summary>
    public int Waiting
    {
        get { lock (_lock) return _waiting.Count; }
    }

    public void Submit(PendingCommand command)
    {
        var rejected = false;
        lock (_lock)
        {
            if (_waiting.Count == 0 && _free > 0)
            {
                _free--;
                if (!TryDispatch(command))
                {
                    _free++;
                    rejected = true;
                }
            }
            else
            {
                command.WaitingNode = _waiting.AddLast(command);
            }
            AssertInvariants();
        }
        if (rejected) command.Fail(unreachable());
    }

    /// <summary>An admitted command finished: its slot passes to the next in line, or back to the pool.</summary>
    public void Release()
    {
        List<PendingCommand>? rejected = null;
        lock (_lock)
        {
            var handedOver = false;
            while (!handedOver && _waiting.First is { } node)
            {
                _waiting.RemoveFirst();
                var next = node.Value;
                next.WaitingNode = null;
                if (next.Task.IsCompleted) continue;
                if (TryDispatch(next)) handedOver = true;
                else (rejected ??= []).Add(next);
            }
            if (!handedOver) _free++;
            AssertInvariants();
        }
        if (rejected is null) return;
        var error = unreachable();
        foreach (var command in rejected) command.Fail(error);
    }

    /// <summary>A waiting command's caller gave up: it leaves the line (an admitted one keeps its slot until answered).</summary>
    public void Withdraw(PendingCommand command)
    {
        lock (_lock)
        {
            if (command.WaitingNode is not { } node) return;
            _waiting.Remove(node);
            command.WaitingNode = null;
        }
    }

    /// <summary>Takes the slot for the command and queues it on the session; false (slot not taken) when there is no live session.</summary>
    private bool TryDispatch(PendingCommand command)
    {
        command.Admitted = true;
        if (session() is { } live && live.TryEnqueue(command)) return true;
        command.Admitted = false;
        return false;
    }

    [Conditional("DEBUG")]
    private void AssertInvariants()
    {
        Debug.Assert(_free >= 0 && _free <= _capacity, "free slots within the capacity");
        Debug.Assert(_waiting.Count == 0 || _free == 0, "nobody waits while a slot is free");
    }
}
