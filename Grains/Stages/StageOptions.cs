namespace GrainPipeline.Grains.Stages;

/// <summary>Stage bounds and timeouts (section <c>Stages</c>).</summary>
public sealed class StageOptions
{
    public const string Section = "Stages";

    public TimeSpan IndexTimeout { get; set; } = TimeSpan.FromSeconds(5);
    public TimeSpan AdLeadTimeout { get; set; } = TimeSpan.FromSeconds(5);
    public TimeSpan AttributionTimeout { get; set; } = TimeSpan.FromSeconds(5);
    public TimeSpan CustomerTimeout { get; set; } = TimeSpan.FromSeconds(5);
    public TimeSpan ProductStatsTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Last-click window (Meta's default is 7 days).</summary>
    public TimeSpan AttributionWindow { get; set; } = TimeSpan.FromDays(7);

    /// <summary>
    /// Workers of the background pool that runs the customer and product-stats stages. They are tasks
    /// awaiting store calls, not threads, so many are cheap; the concurrent calls are what lets the
    /// PostgreSQL write batchers coalesce customer and visitor rows into large statements (a batch can
    /// only be as large as the number of callers waiting on it). The ingest budget still bounds the events.
    /// </summary>
    public int BackgroundWorkers { get; set; } = DefaultBackgroundWorkers;

    public const int DefaultBackgroundWorkers = 128;

    /// <summary>
    /// Background work items that may wait; when full, the grain's turn waits (backpressure). An item
    /// holds one grain turn's events (up to <c>Runtime:MaxCallsPerTurn</c>).
    /// </summary>
    public int BackgroundQueueCapacity { get; set; } = 1024;

    /// <summary>Attempts for an error that is not a store outage before the event is dead-lettered.</summary>
    public int MaxAttempts { get; set; } = 3;

    public TimeSpan RetryBackoff { get; set; } = TimeSpan.FromMilliseconds(50);
    public TimeSpan MaxRetryBackoff { get; set; } = TimeSpan.FromSeconds(5);

    public IEnumerable<string> Validate()
    {
        foreach (var (name, value) in new[]
                 {
                     (nameof(IndexTimeout), IndexTimeout), (nameof(AdLeadTimeout), AdLeadTimeout), (nameof(AttributionTimeout), AttributionTimeout),
                     (nameof(CustomerTimeout), CustomerTimeout), (nameof(ProductStatsTimeout), ProductStatsTimeout),
                     (nameof(AttributionWindow), AttributionWindow), (nameof(RetryBackoff), RetryBackoff), (nameof(MaxRetryBackoff), MaxRetryBackoff),
                 })
        {
            if (value <= TimeSpan.Zero) yield return $"{Section}:{name} must be positive (got {value}).";
        }
        if (BackgroundWorkers is < 1 or > 256) yield return $"{Section}:BackgroundWorkers must be between 1 and 256 (got {BackgroundWorkers}).";
        if (BackgroundQueueCapacity < 1) yield return $"{Section}:BackgroundQueueCapacity must be at least 1 (got {BackgroundQueueCapacity}).";
        if (MaxAttempts < 1) yield return $"{Section}:MaxAttempts must be at least 1 (got {MaxAttempts}).";
    }
}
