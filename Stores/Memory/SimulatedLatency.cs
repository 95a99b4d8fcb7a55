namespace GrainPipeline.Stores.Memory;

/// <summary>
/// Optional delay on every in-memory store call (demo flag <c>--store-latency-ms</c>), so that
/// backpressure can be seen without a real, slow store.
/// </summary>
public sealed class SimulatedLatency(TimeSpan delay)
{
    public static readonly SimulatedLatency None = new(TimeSpan.Zero);

    public TimeSpan Delay => delay;

    public Task WaitAsync(CancellationToken cancellation) =>
        delay <= TimeSpan.Zero ? Task.CompletedTask : Task.Delay(delay, cancellation);
}
