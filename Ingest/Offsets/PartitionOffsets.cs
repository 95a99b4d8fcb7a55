namespace GrainPipeline.Ingest.Offsets;

/// <summary>
/// The in-flight offsets of one partition, in the order they were dispatched. Completion may come
/// in any order; the committable offset only ever moves past a contiguous run of completed ones,
/// so a commit never skips an unfinished event. Bounded by the ingest budget.
/// </summary>
public sealed class PartitionOffsets(int partition, long startOffset)
{
    private volatile bool _released;
    private readonly CancellationTokenSource _cutOff = new();
    private readonly Lock _lock = new();
    private readonly LinkedList<Entry> _inFlight = new();
    private long _committable = startOffset;
    private long _lastCommitted = startOffset;
    private TaskCompletionSource? _drained;

    public int Partition => partition;

    public int InFlight { get { lock (_lock) return _inFlight.Count; } }

    /// <summary>Records a dispatched offset; must be called in offset order.</summary>
    public object Begin(long offset)
    {
        lock (_lock)
        {
            if (_inFlight.Count == 0 && offset > _committable) _committable = offset;
            return _inFlight.AddLast(new Entry(offset));
        }
    }

    /// <summary>Marks a dispatched offset done (the token came from <see cref="Begin"/>).</summary>
    public void Complete(object token)
    {
        var node = (LinkedListNode<Entry>)token;
        lock (_lock)
        {
            if (node.List != _inFlight) return;
            node.Value.Done = true;
            while (_inFlight.First is { Value.Done: true } first)
            {
                _committable = first.Value.Offset + 1;
                _inFlight.RemoveFirst();
            }
            if (_inFlight.Count == 0) _drained?.TrySetResult();
        }
    }

    /// <summary>
    /// The next offset to commit when it moved since the last commit; null otherwise, and always
    /// once released: events cut off after the last commit also complete, and committing past them
    /// (say, in the revoke callback of the consumer's close) would take them from the next owner.
    /// </summary>
    public long? TakeCommittable()
    {
        lock (_lock)
        {
            if (_released || _committable <= _lastCommitted) return null;
            return _committable;
        }
    }

    /// <summary>Called after a successful commit; offsets never move backwards.</summary>
    public void Committed(long offset)
    {
        lock (_lock)
        {
            if (offset > _lastCommitted) _lastCommitted = offset;
        }
    }

    public long LastCommitted { get { lock (_lock) return _lastCommitted; } }

    /// <summary>
    /// True once this pump has made its last commit of the partition (revoked, lost, or the pump
    /// stopped): whatever finishes later is never committed here, and the next owner reads it again.
    /// </summary>
    public bool IsReleased => _released;

    /// <summary>
    /// Cancelled at <see cref="Release"/>: the stages of this partition's events still retrying a
    /// store stop, since their results could no longer be committed here.
    /// </summary>
    public CancellationToken CutOff => _cutOff.Token;

    public void Release()
    {
        if (_released) return;
        _released = true;
        // Asynchronously: Release runs in a rebalance callback, which must not run the stages'
        // continuations (each cut-off turn ends and reports its event) on the consumer's thread.
        _ = _cutOff.CancelAsync();
    }

    /// <summary>Completes when nothing of this partition is in flight.</summary>
    public Task WhenDrained()
    {
        lock (_lock)
        {
            if (_inFlight.Count == 0) return Task.CompletedTask;
            _drained ??= new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            return _drained.Task;
        }
    }

    private sealed class Entry(long offset)
    {
        public long Offset => offset;
        public bool Done { get; set; }
    }
}
