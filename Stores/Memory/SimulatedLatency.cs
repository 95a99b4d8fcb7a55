namespace GrainPipeline.Stores.Memory;

/// <summary>
/// Optional delay on every in-memory store call (demo flag <c>--store-latency-ms</c>), so that
/// backpressure can be seen without a real, slow store.
/// </summary>
public sealed class SimulatedLatency(TimeSpan delay)
{
    public static readonly SimulatedLatency None = new(TimeSpan.Zero);

    public TimeSpan Delay => delay;

    /// <summary>Waits the delay; also the point where an in-memory call honours its token, as a real store would.</summary>
    public Task WaitAsync(CancellationToken cancellation)
    {
        if (delay > TimeSpan.Zero) return Task.Delay(delay, cancellation);
        return cancellation.IsCancellationRequested ? Task.FromCanceled(cancellation) : Task.CompletedTask;
    }
}
