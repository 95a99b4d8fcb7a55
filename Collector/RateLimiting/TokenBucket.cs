namespace GrainPipeline.Collector.RateLimiting;

/// <summary>
/// One shop's token bucket: refills at a steady rate up to a capacity, and a request takes as many
/// tokens as it carries events. Refill is computed lazily from the clock, so an idle bucket costs
/// no timer and no work.
/// </summary>
internal sealed class TokenBucket
{
    private readonly Lock _gate = new();
    private readonly double _capacity;
    private readonly double _tokensPerSecond;
    private readonly double _tokensPerTick;
    private double _tokens;
    private long _refilledAt;
    private long _lastUsedAt;

    public TokenBucket(double capacity, double tokensPerSecond, long timestampFrequency, long now)
    {
        _capacity = capacity;
        _tokensPerSecond = tokensPerSecond;
        _tokensPerTick = tokensPerSecond / timestampFrequency;
        _tokens = capacity;
        _refilledAt = now;
        _lastUsedAt = now;
    }

    /// <summary>Takes <paramref name="count"/> tokens, or none and says how long until they are there.</summary>
    public bool TryTake(int count, long now, out TimeSpan retryAfter)
    {
        lock (_gate)
        {
            Refill(now);
            _lastUsedAt = Math.Max(_lastUsedAt, now);
            if (_tokens >= count)
            {
                _tokens -= count;
                retryAfter = TimeSpan.Zero;
                return true;
            }

            retryAfter = TimeSpan.FromSeconds((count - _tokens) / _tokensPerSecond);
            return false;
        }
    }

    /// <summary>
    /// True when the bucket is full again and unused for <paramref name="idleTicks"/>: dropping it
    /// then loses nothing, since a fresh bucket starts full too.
    /// </summary>
    public bool IsIdle(long now, long idleTicks)
    {
        lock (_gate)
        {
            if (now - _lastUsedAt < idleTicks) return false;
            Refill(now);
            return _tokens >= _capacity;
        }
    }

    private void Refill(long now)
    {
        if (now <= _refilledAt) return;
        _tokens = Math.Min(_capacity, _tokens + ((now - _refilledAt) * _tokensPerTick));
        _refilledAt = now;
    }
}
