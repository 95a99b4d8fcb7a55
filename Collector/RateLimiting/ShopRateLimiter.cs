using System.Collections.Concurrent;
using GrainPipeline.Collector.Diagnostics;
using GrainPipeline.Collector.Options;
using Microsoft.Extensions.Logging;

namespace GrainPipeline.Collector.RateLimiting;

/// <summary>
/// Per-shop token buckets for pixel events. The shop comes from the URL, so anyone can invent
/// shops: the table is capped (<c>Collector:MaxTrackedShops</c>) and idle shops — whose bucket
/// has refilled and who sent nothing for a while — are swept out periodically and whenever the
/// cap is reached. If the cap is still reached, an unknown shop is refused (503) rather than
/// letting the table grow: memory stays bounded even under a flood of made-up shop names.
/// </summary>
public sealed class ShopRateLimiter : IDisposable
{
    /// <summary>A bucket must be unused this long before it may be evicted.</summary>
    internal static readonly TimeSpan MinimumIdle = TimeSpan.FromSeconds(10);

    internal static readonly TimeSpan SweepPeriod = TimeSpan.FromSeconds(30);

    // When the table is full, a sweep runs at most this often, so a flood costs one scan per period.
    private static readonly TimeSpan FullTableSweepPeriod = TimeSpan.FromSeconds(1);

    private readonly ConcurrentDictionary<string, TokenBucket> _buckets = new(StringComparer.Ordinal);
    private readonly Lock _sweepGate = new();
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly double _rate;
    private readonly int _burst;
    private readonly int _maxShops;
    private readonly long _idleTicks;
    private readonly ITimer? _sweepTimer;
    private int _count;
    private long _lastFullSweep = long.MinValue;

    public ShopRateLimiter(CollectorOptions options, TimeProvider time, ILogger<ShopRateLimiter> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        _time = time;
        _logger = logger;
        _rate = options.PerShopEventsPerSecond;
        _burst = options.PerShopBurst;
        _maxShops = options.MaxTrackedShops;
        var refill = _rate > 0 ? TimeSpan.FromSeconds(_burst / _rate) : TimeSpan.Zero;
        _idleTicks = (long)(Math.Max(MinimumIdle.TotalSeconds, refill.TotalSeconds) * time.TimestampFrequency);
        if (Enabled) _sweepTimer = time.CreateTimer(_ => Sweep(), null, SweepPeriod, SweepPeriod);
    }

    public bool Enabled => _rate > 0;

    /// <summary>Shops in the table now (a gauge on /metrics).</summary>
    public int TrackedShops => Volatile.Read(ref _count);

    /// <summary>Takes one token per event from the shop's bucket.</summary>
    public RateDecision TryAcquire(string shop, int events, out TimeSpan retryAfter)
    {
        ArgumentNullException.ThrowIfNull(shop);
        retryAfter = TimeSpan.Zero;
        if (!Enabled) return RateDecision.Allowed;

        var now = _time.GetTimestamp();
        if (!_buckets.TryGetValue(shop, out var bucket))
        {
            bucket = AddBucket(shop, now);
            if (bucket is null) return RateDecision.TableFull;
        }

        return bucket.TryTake(events, now, out retryAfter) ? RateDecision.Allowed : RateDecision.Limited;
    }

    /// <summary>Removes every idle bucket; returns how many went.</summary>
    public int Sweep()
    {
        lock (_sweepGate)
        {
            var now = _time.GetTimestamp();
            var removed = 0;
            foreach (var entry in _buckets)
            {
                // The key-and-value overload never removes a bucket that replaced this one meanwhile.
                if (entry.Value.IsIdle(now, _idleTicks) && _buckets.TryRemove(entry))
                {
                    Interlocked.Decrement(ref _count);
                    removed++;
                }
            }
            return removed;
        }
    }

    public void Dispose() => _sweepTimer?.Dispose();

    private TokenBucket? AddBucket(string shop, long now)
    {
        // Reserve a slot first so concurrent inserts can never push the table past the cap.
        if (!TryReserveSlot() && !(SweepWhenFull(now) && TryReserveSlot()))
        {
            // Another request may have added this very shop meanwhile; otherwise refuse it.
            return _buckets.GetValueOrDefault(shop);
        }

        var fresh = new TokenBucket(_burst, _rate, _time.TimestampFrequency, now);
        var bucket = _buckets.GetOrAdd(shop, fresh);
        // Another request added this shop first: give the reserved slot back.
        if (!ReferenceEquals(bucket, fresh)) Interlocked.Decrement(ref _count);
        return bucket;
    }

    private bool TryReserveSlot()
    {
        if (Interlocked.Increment(ref _count) <= _maxShops) return true;
        Interlocked.Decrement(ref _count);
        return false;
    }

    /// <summary>Sweeps at most once per period while the table is full; true when room was made.</summary>
    private bool SweepWhenFull(long now)
    {
        var last = Interlocked.Read(ref _lastFullSweep);
        if (last != long.MinValue && _time.GetElapsedTime(last, now) < FullTableSweepPeriod) return false;
        if (Interlocked.CompareExchange(ref _lastFullSweep, now, last) != last) return false;
        if (Sweep() > 0) return true;
        // Logged here, at most once per period, rather than for every refused request.
        CollectorLog.ShopTableFull(_logger, _maxShops);
        return false;
    }
}
