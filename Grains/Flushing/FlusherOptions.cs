namespace GrainPipeline.Grains.Flushing;

/// <summary>Product-stats flusher settings (section <c>Flusher</c>).</summary>
public sealed class FlusherOptions
{
    public const string Section = "Flusher";
    public const int DefaultBatchSize = 100;

    /// <summary>
    /// Reminder period: how often each partition's buffer is moved to the store. Also the longest
    /// one such flush runs before it gives up its turn, so a slow store never holds a flusher that
    /// a stop or a hand-over wants to deactivate.
    /// </summary>
    public TimeSpan Period { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Buffer cells taken per atomic batch.</summary>
    public int BatchSize { get; set; } = DefaultBatchSize;

    public TimeSpan StoreTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// How long a partition's final flush (it moves to another silo, or this one stops) moves batches.
    /// What is left stays in the buffer for the partition's next owner; nothing is lost. Bounds how
    /// long a slow product_stats store holds up a hand-over or a stop.
    /// </summary>
    public TimeSpan HandOverTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// Batches a silo's flushers move at once. product_stats rows are shared by every partition (a
    /// product sells to users of all of them), so concurrent applies mostly wait on each other's row
    /// locks, and each wait and re-check costs the store CPU: in a 64-partition drain PostgreSQL spent
    /// about half as much CPU again per event with all flushers at once as with one (BENCHMARKS.md).
    /// </summary>
    public int MaxConcurrentBatches { get; set; } = 1;

    public IEnumerable<string> Validate()
    {
        // At most a day: a flush's own bound is this long, and a timer cannot wait past ~24 days.
        if (Period < TimeSpan.FromSeconds(1) || Period > TimeSpan.FromDays(1)) yield return $"{Section}:Period must be between 1 s and 1 day (got {Period}).";
        if (BatchSize is < 1 or > 10_000) yield return $"{Section}:BatchSize must be between 1 and 10000 (got {BatchSize}).";
        if (MaxConcurrentBatches is < 1 or > 1024) yield return $"{Section}:MaxConcurrentBatches must be between 1 and 1024 (got {MaxConcurrentBatches}).";
        if (StoreTimeout <= TimeSpan.Zero) yield return $"{Section}:StoreTimeout must be positive (got {StoreTimeout}).";
        if (HandOverTimeout <= TimeSpan.Zero || HandOverTimeout > TimeSpan.FromHours(1))
            yield return $"{Section}:HandOverTimeout must be positive and at most 1 hour (got {HandOverTimeout}).";
    }
}
