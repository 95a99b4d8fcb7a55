using System.Diagnostics;
using GrainPipeline.Runtime.Catalog;
using GrainPipeline.Runtime.Diagnostics;

namespace GrainPipeline.Runtime.Scheduler;

/// <summary>
/// The turn-based mailbox of one activation. It is scheduled on the thread pool at most once at a
/// time, runs up to a quantum of work items per run, and halts while a turn awaits (non-reentrant),
/// so no thread or task is parked per waiting message. The queue is allocated on first use.
/// </summary>
internal sealed class Mailbox(ActivationData owner, RuntimeInstruments instruments) : IThreadPoolWorkItem
{
    private const int Quantum = 32;

    private readonly Lock _lock = new();
    private Queue<WorkItem>? _queue;
    private bool _scheduled;
    private bool _closed;

    /// <summary>True when nothing is queued or running.</summary>
    public bool IsIdle
    {
        get { lock (_lock) return !_scheduled && (_queue is null || _queue.Count == 0); }
    }

    public int Count
    {
        get { lock (_lock) return _queue?.Count ?? 0; }
    }

    /// <summary>Queues work; false when the mailbox was closed by deactivation (the caller retries elsewhere).</summary>
    public bool TryEnqueue(WorkItem item)
    {
        bool schedule;
        lock (_lock)
        {
            if (_closed) return false;
            (_queue ??= new Queue<WorkItem>(4)).Enqueue(item);
            schedule = !_scheduled;
            _scheduled = true;
        }
        instruments.CallQueued();
        if (schedule) ThreadPool.UnsafeQueueUserWorkItem(this, preferLocal: false);
        return true;
    }

    /// <summary>Closes the mailbox and hands back what is still queued, in order, for the successor.</summary>
    public List<WorkItem> CloseAndDrain()
    {
        lock (_lock)
        {
            _closed = true;
            var rest = new List<WorkItem>(_queue?.Count ?? 0);
            while (_queue is not null && _queue.TryDequeue(out var item)) rest.Add(item);
            return rest;
        }
    }

    void IThreadPoolWorkItem.Execute() => Run();

    private void Run()
    {
        for (var i = 0; i < Quantum; i++)
        {
            WorkItem? item;
            lock (_lock)
            {
                if (_queue is null || !_queue.TryDequeue(out item))
                {
                    _scheduled = false;
                    return;
                }
            }
            instruments.CallDequeued();
            var started = Stopwatch.GetTimestamp();
            Task turn;
            try
            {
                turn = item.Start(owner);
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

    private void FinishAndContinue(WorkItem item, Task turn, long started)
    {
        Finish(item, turn, started);
        ThreadPool.UnsafeQueueUserWorkItem(this, preferLocal: false);
    }

    private void Finish(WorkItem item, Task turn, long started)
    {
        if (!item.IsDiagnostic)
        {
            var elapsed = Stopwatch.GetElapsedTime(started);
            instruments.TurnFinished(elapsed);
            // Grain calls are the forwardable items; lifecycle steps are not ranked among them.
            if (item.IsForwardable) owner.Catalog.Turns.Record(owner.GrainId, elapsed);
            owner.Touch();
        }
        item.Complete(turn);
    }
}
