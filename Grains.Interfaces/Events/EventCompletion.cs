namespace GrainPipeline.Grains.Events;

/// <summary>
/// Counts the parts of an event still running (the grain turn, then each background stage) and
/// reports once, when the last finishes, with the first error seen. No task or thread waits on it.
/// </summary>
public sealed class EventCompletion
{
    private readonly Action<PipelineEvent, Exception?> _onDone;
    private readonly PipelineEvent _owner;
    private int _pending = 1;
    private Exception? _error;

    public EventCompletion(PipelineEvent owner, Action<PipelineEvent, Exception?> onDone)
    {
        _owner = owner;
        _onDone = onDone;
    }

    /// <summary>Adds a part that will report through <see cref="PartDone"/>; call before the current part ends.</summary>
    public void AddPart() => Interlocked.Increment(ref _pending);

    public void PartDone(Exception? error = null)
    {
        if (error is not null) Interlocked.CompareExchange(ref _error, error, null);
        if (Interlocked.Decrement(ref _pending) == 0) _onDone(_owner, Volatile.Read(ref _error));
    }
}
