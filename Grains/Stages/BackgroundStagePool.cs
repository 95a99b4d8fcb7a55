using System.Collections.Concurrent;
using GrainPipeline.Grains.Events;

namespace GrainPipeline.Grains.Stages;

/// <summary>
/// At most <see cref="StageOptions.BackgroundWorkers"/> background items run at once, and at most
/// <see cref="StageOptions.BackgroundQueueCapacity"/> more wait. A full pool makes the enqueuing turn
/// wait, which holds the ingest budget, which pauses Kafka: backpressure, not buffering. An item
/// runs the background stages of one or more events (a grain turn's); it is one part of each one's
/// <see cref="EventCompletion"/>.
/// </summary>
/// <remarks>
/// Workers are started on demand and drain the queue until it is empty, so a burst of items whose
/// stores answer at once (in-memory, or a batch just committed) is run by one thread-pool dispatch,
/// not one per item. (The previous design parked every worker on a channel read: each item then cost
/// a dispatch and, with many parked readers, an allocated wait.)
/// </remarks>
public sealed class BackgroundStagePool : IAsyncDisposable
{
    private readonly ConcurrentQueue<BackgroundWork> _queue = new();
    private readonly SemaphoreSlim _slots;
    private readonly int _maxWorkers;
    private readonly PipelineCounters _counters;
    private readonly TaskCompletionSource _idle = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _workers;
    private volatile bool _closed;

    public BackgroundStagePool(StageOptions options, PipelineCounters counters)
    {
        ArgumentNullException.ThrowIfNull(options);
        _counters = counters;
        _maxWorkers = options.BackgroundWorkers;
        _slots = new SemaphoreSlim(options.BackgroundWorkers + options.BackgroundQueueCapacity);
    }

    /// <summary>Items waiting for a worker.</summary>
    public int Queued => _queue.Count;

    /// <summary>
    /// Queues work as one more part of the event; waits while the pool is full. The
    /// <paramref name="watcher"/>, if any, is told how the work ended before the event's part is done.
    /// </summary>
    public ValueTask EnqueueAsync(PipelineEvent evt, string stage, Func<Task> work, IBackgroundWatcher? watcher = null)
    {
        ArgumentNullException.ThrowIfNull(evt);
        return EnqueueAsync([evt], stage, work, watcher);
    }

    /// <summary>
    /// Queues work shared by <paramref name="events"/> as one more part of each; waits while the pool
    /// is full. They should share a cut-off token: the first one's ends the wait. Its outcome is each
    /// one's, unless the work fails with a <see cref="SplitOutcomeException"/>, which gives each its own.
    /// </summary>
    public ValueTask EnqueueAsync(IReadOnlyList<PipelineEvent> events, string stage, Func<Task> work, IBackgroundWatcher? watcher = null)
    {
        ArgumentNullException.ThrowIfNull(events);
        ArgumentOutOfRangeException.ThrowIfZero(events.Count);
        for (var i = 0; i < events.Count; i++) events[i].Completion.AddPart();
        var item = new BackgroundWork(events, stage, work, watcher);
        if (_closed) return Refuse(item);
        if (!_slots.Wait(0)) return WaitForSlotAsync(item);
        Add(item);
        return ValueTask.CompletedTask;
    }

    private async ValueTask WaitForSlotAsync(BackgroundWork item)
    {
        try
        {
            // The slots may be held by other events' items retrying an outage: a cut-off event stops waiting.
            await _slots.WaitAsync(item.Events[0].CutOff);
        }
        catch (OperationCanceledException e)
        {
            await Refuse(item, e);
            return;
        }
        if (_closed)
        {
            _slots.Release();
            await Refuse(item);
            return;
        }
        Add(item);
    }

    private static ValueTask Refuse(BackgroundWork item, Exception? why = null)
    {
        item.Ended(why ?? new ObjectDisposedException(nameof(BackgroundStagePool), "the background stage pool is stopping"));
        return ValueTask.CompletedTask;
    }

    private void Add(BackgroundWork item)
    {
        _queue.Enqueue(item);
        TryStartWorker();
    }

    private void TryStartWorker()
    {
        while (true)
        {
            var running = Volatile.Read(ref _workers);
            if (running >= _maxWorkers) return;
            if (Interlocked.CompareExchange(ref _workers, running + 1, running) != running) continue;
            ThreadPool.UnsafeQueueUserWorkItem(static pool => _ = pool.DrainAsync(), this, preferLocal: false);
            return;
        }
    }

    private async Task DrainAsync()
    {
        while (true)
        {
            while (_queue.TryDequeue(out var item))
            {
                await RunAsync(item);
            }
            Interlocked.Decrement(ref _workers);
            // An item queued after the last TryDequeue but before the decrement found every worker
            // counted and started none: look again, and take it if no other worker will.
            if (_queue.IsEmpty || !TryRejoin())
            {
                if (_closed && Volatile.Read(ref _workers) == 0 && _queue.IsEmpty) _idle.TrySetResult();
                return;
            }
        }
    }

    private bool TryRejoin()
    {
        var running = Volatile.Read(ref _workers);
        return running < _maxWorkers && Interlocked.CompareExchange(ref _workers, running + 1, running) == running;
    }

    private async Task RunAsync(BackgroundWork item)
    {
        Exception? error = null;
        try
        {
            await item.Work();
        }
        catch (Exception e)
        {
            error = e;
            // The stage runner already counted a stage that gave up; count anything else here.
            if (e is not (StageFailedException or SplitOutcomeException)) _counters.StageFailed(item.Stage);
        }
        _slots.Release();
        item.Ended(error);
    }

    /// <summary>Finishes queued and running work, then returns; later items are refused.</summary>
    public async ValueTask DisposeAsync()
    {
        _closed = true;
        if (Volatile.Read(ref _workers) == 0 && _queue.IsEmpty) _idle.TrySetResult();
        else TryStartWorker();
        await _idle.Task;
        _slots.Dispose();
    }

    private sealed record BackgroundWork(IReadOnlyList<PipelineEvent> Events, string Stage, Func<Task> Work, IBackgroundWatcher? Watcher)
    {
        /// <summary>Tells the watcher, then ends each event's part, with its own error if the outcome was split.</summary>
        public void Ended(Exception? error)
        {
            Watcher?.BackgroundEnded(error);
            for (var i = 0; i < Events.Count; i++) Events[i].Completion.PartDone(SplitOutcomeException.Of(error, i));
        }
    }
}

/// <summary>Told by the <see cref="BackgroundStagePool"/> how an item ended (run or refused).</summary>
public interface IBackgroundWatcher
{
    /// <summary>
    /// Called once, on the pool's worker, before the item's part of its events is done, with the
    /// item's error (null when it succeeded; a <see cref="SplitOutcomeException"/> when its events ended differently).
    /// </summary>
    void BackgroundEnded(Exception? error);
}
