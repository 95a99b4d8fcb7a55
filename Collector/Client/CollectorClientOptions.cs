namespace GrainPipeline.Collector.Client;

/// <summary>How hard <see cref="CollectorClient"/> retries a batch the collector refused for load.</summary>
public sealed class CollectorClientOptions
{
    /// <summary>Attempts per batch, the first included, before giving up with <see cref="CollectorRejectedException"/>.</summary>
    public int MaxAttempts { get; set; } = 30;

    /// <summary>Wait when a 503/429 carries no Retry-After.</summary>
    public TimeSpan DefaultRetryAfter { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Upper bound on any one wait, so a demo never stalls for long on one answer.</summary>
    public TimeSpan MaxRetryAfter { get; set; } = TimeSpan.FromSeconds(5);
}
