namespace GrainPipeline.Collector.RateLimiting;

/// <summary>Outcome of asking <see cref="ShopRateLimiter"/> for tokens.</summary>
public enum RateDecision
{
    /// <summary>Tokens taken; go on.</summary>
    Allowed,

    /// <summary>The shop is over its rate: answer 429 with Retry-After.</summary>
    Limited,

    /// <summary>The shop table is at its cap and nothing idle could be evicted: answer 503.</summary>
    TableFull,
}
