using System.Collections.Concurrent;

namespace GrainPipeline.Grains.Stages;

/// <summary>
/// Reusable per-call deadlines. Each store call still gets its own timeout, but a fresh
/// CancellationTokenSource and timer per call (about seven an event) showed up as allocation and
/// GC pressure; a source that did not fire is reset and reused. Bounded: extras are disposed.
/// </summary>
internal sealed class DeadlinePool(int maxRetained = 1024)
{
    private readonly ConcurrentQueue<CancellationTokenSource> _free = new();
    private int _retained;

    public CancellationTokenSource Rent(TimeSpan timeout)
    {
        if (_free.TryDequeue(out var source)) Interlocked.Decrement(ref _retained);
        else source = new CancellationTokenSource();
        source.CancelAfter(timeout);
        return source;
    }

    public void Return(CancellationTokenSource source)
    {
        // TryReset fails once the deadline fired (or anyone cancelled it): such a source is spent.
        if (source.TryReset())
        {
            if (Interlocked.Increment(ref _retained) <= maxRetained)
            {
                _free.Enqueue(source);
                return;
            }
            Interlocked.Decrement(ref _retained);
        }
        source.Dispose();
    }
}
