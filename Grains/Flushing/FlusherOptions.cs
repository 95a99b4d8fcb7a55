namespace GrainPipeline.Grains.Flushing;

/// <summary>Product-stats flusher settings (section <c>Flusher</c>).</summary>
public sealed class FlusherOptions
{
    public const string Section = "Flusher";
    public const int DefaultBatchSize = 100;

    /// <summary>Reminder period: how often each partition's buffer is moved to the store.</summary>
    public TimeSpan Period { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Buffer cells taken per atomic batch.</summary>
    public int BatchSize { get; set; } = DefaultBatchSize;

    public TimeSpan StoreTimeout { get; set; } = TimeSpan.FromSeconds(10);

    public IEnumerable<string> Validate()
    {
        if (Period < TimeSpan.FromSeconds(1)) yield return $"{Section}:Period must be at least 1 s (got {Period}).";
        if (BatchSize is < 1 or > 10_000) yield return $"{Section}:BatchSize must be between 1 and 10000 (got {BatchSize}).";
        if (StoreTimeout <= TimeSpan.Zero) yield return $"{Section}:StoreTimeout must be positive (got {StoreTimeout}).";
    }
}
