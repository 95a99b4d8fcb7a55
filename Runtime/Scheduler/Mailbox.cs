using System.Diagnostics;
using GrainPipeline.Runtime.Catalog;
using GrainPipeline.Runtime.Diagnostics;

namespace GrainPipeline.Runtime.Scheduler;

/// <summary>
/// The turn-based mailbox of one activation. It is scheduled on the thread pool at most once at a
/// time, runs up to a quantum of work items per run, and halts while a turn awaits (non-reentrant),
/// so no thread or task is parked per waiting message.
/// </summary>
/// <remarks>
/// Sized for idle grains, which are most of them. The activation derives from its mailbox, so the
/// pair is one object (one header, no references between them); this class keeps all of the
/// scheduling and none of the lifecycle. The queue is a linked list threaded through the work items
/// themselves (two references here, nothing allocated per mailbox), and the lock is this object's
/// monitor, which costs nothing until contended. Nothing outside this class locks on an activation.
/// </remarks>
internal abstract class Mailbox : IThreadPoolWorkItem
{
    private const int Quantum = 32;

    private WorkItem? _head;
    private WorkItem? _tail;
    private bool _scheduled;
    private bool _inTurn;
    private bool _closed;

    /// <summary>The activation the queued work runs against (the object itself).</summary>
    protected abstract ActivationData Activation { get; }

    protected abstract RuntimeInstruments Instruments { get; }

    /// <summary>Called after every turn, before its caller is completed.</summary>
    protected abstract void OnTurnFinished();

    /// <summary>
    /// True when nothing is queued and no turn is running. Not the same as "not scheduled": a finished
    /// turn completes its caller inline, so the caller's continuation runs while the mailbox is still
    /// scheduled, and the grain is idle all that time.
    /// </summary>
    public bool IsIdle
    {
        get { lock (this) return !_inTurn && _head is null; }
    }

    /// <summary>Queues work; false when the mailbox was closed by deactivation (the caller retries elsewhere).</summary>
    public bool TryEnqueue(WorkItem item)
    {
        bool schedule;
        lock (this)
        {
            if (_closed) return false;
            item.Next = null;
            if (_tail is null) _head = item;
            else _tail.Next = item;
            _tail = item;
            schedule = !_scheduled;
            _scheduled = true;
        }
        Instruments.CallQueued();
        if (schedule) ThreadPool.UnsafeQueueUserWorkItem(this, preferLocal: false);
        return true;
    }

    /// <summary>Closes the mailbox and hands back what is still queued, in order, for the successor.</summary>
    public List<WorkItem> CloseAndDrain()
    {
        lock (this)
        {
            _closed = true;
            var rest = new List<WorkItem>();
            while (TryDequeue(out var item)) rest.Add(item);
            return rest;
        }
    }

    void IThreadPoolWorkItem.Execute() => Run();

    private void Run()
    {
        var instruments = Instruments;
        var activation = Activation;
        for (var i = 0; i < Quantum; i++)
        {
            WorkItem? item;
            lock (this)
            {
                if (!TryDequeue(out item))
                {
                    _scheduled = false;
                    return;
                }
                _inTurn = true;
                while (_head is not null && item.TryAbsorb(_head))
                {
                    TryDequeue(out _);
                    instruments.CallDequeued();
                    instruments.CallJoinedTurn();
                }
            }
            instruments.CallDequeued();
            var started = Stopwatch.GetTimestamp();
            Task turn;
            try
            {
                turn = item.Start(activation);
            }
            catch (Exception e)
            {
                turn = Task.FromException(e);
            }
            if (!turn.IsCompleted)
            {
                // Non-reentrant: nothing else of this grain runs until the turn finishes.
                turn.ConfigureAwait(false).GetAwaiter().UnsafeOnCompleted(() => FinishAndContinue(item, turn, started));
                return;
            }
            Finish(item, turn, started);
        }
        // Quantum used up: yield the thread so that other grains get their turn.
        ThreadPool.UnsafeQueueUserWorkItem(this, preferLocal: false);
    }

    /// <summary>Unlinks the oldest item; call under the lock.</summary>
    private bool TryDequeue([System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out WorkItem? item)
    {
        item = _head;
        if (item is null) return false;
        _head = item.Next;
        if (_head is null) _tail = null;
        item.Next = null;
        return true;
    }

    private void FinishAndContinue(WorkItem item, Task turn, long started)
    {
        Finish(item, turn, started);
        ThreadPool.UnsafeQueueUserWorkItem(this, preferLocal: false);
    }

    private void Finish(WorkItem item, Task turn, long started)
    {
        if (!item.IsDiagnostic)
        {
            // A diagnostic read (the dashboard looking at a grain's state) is not a turn of the grain.
            var elapsed = Stopwatch.GetElapsedTime(started);
            Instruments.TurnFinished(elapsed);
            // Grain calls are the forwardable items; lifecycle steps are not ranked among them.
            if (item.IsForwardable) Activation.Catalog.Turns.Record(Activation.GrainId, elapsed);
            OnTurnFinished();
        }
        lock (this) _inTurn = false;
        item.Complete(turn);
    }
}
