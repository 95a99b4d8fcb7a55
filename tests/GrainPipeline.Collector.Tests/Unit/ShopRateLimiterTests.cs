using GrainPipeline.Collector.Options;
using GrainPipeline.Collector.RateLimiting;
using GrainPipeline.Collector.Tests.Infrastructure;
using Microsoft.Extensions.Logging.Abstractions;

namespace GrainPipeline.Collector.Tests.Unit;

public class ShopRateLimiterTests
{
    private readonly ManualTimeProvider _clock = new();

    private ShopRateLimiter Limiter(double rate = 10, int burst = 20, int maxShops = 100) =>
        new(new CollectorOptions { PerShopEventsPerSecond = rate, PerShopBurst = burst, MaxTrackedShops = maxShops }, _clock, NullLogger<ShopRateLimiter>.Instance);

    [Fact]
    public void A_shop_gets_its_burst_then_is_limited_with_a_retry_hint()
    {
        using var limiter = Limiter(rate: 10, burst: 20);

        limiter.TryAcquire("a.myshopify.com", 20, out _).Should().Be(RateDecision.Allowed);
        limiter.TryAcquire("a.myshopify.com", 5, out var retryAfter).Should().Be(RateDecision.Limited);

        retryAfter.Should().BeCloseTo(TimeSpan.FromSeconds(0.5), TimeSpan.FromMilliseconds(1), "5 tokens at 10/s");
    }

    [Fact]
    public void Tokens_come_back_at_the_configured_rate()
    {
        using var limiter = Limiter(rate: 10, burst: 20);
        limiter.TryAcquire("a.myshopify.com", 20, out _);

        _clock.Advance(TimeSpan.FromSeconds(1));

        limiter.TryAcquire("a.myshopify.com", 10, out _).Should().Be(RateDecision.Allowed);
        limiter.TryAcquire("a.myshopify.com", 1, out _).Should().Be(RateDecision.Limited);
    }

    [Fact]
    public void One_shop_over_its_rate_does_not_limit_another()
    {
        using var limiter = Limiter(rate: 10, burst: 20);
        limiter.TryAcquire("a.myshopify.com", 20, out _);

        limiter.TryAcquire("b.myshopify.com", 20, out _).Should().Be(RateDecision.Allowed);
    }

    [Fact]
    public void The_shop_table_never_grows_past_its_cap()
    {
        using var limiter = Limiter(maxShops: 3);
        for (var i = 0; i < 3; i++) limiter.TryAcquire($"s{i}.myshopify.com", 1, out _).Should().Be(RateDecision.Allowed);

        limiter.TryAcquire("new.myshopify.com", 1, out _).Should().Be(RateDecision.TableFull, "no shop is idle yet");
        limiter.TrackedShops.Should().Be(3);
        limiter.TryAcquire("s0.myshopify.com", 1, out _).Should().Be(RateDecision.Allowed, "known shops keep working");
    }

    [Fact]
    public void Idle_shops_are_evicted_to_make_room()
    {
        using var limiter = Limiter(rate: 10, burst: 20, maxShops: 3);
        for (var i = 0; i < 3; i++) limiter.TryAcquire($"s{i}.myshopify.com", 1, out _);

        _clock.Advance(ShopRateLimiter.MinimumIdle + TimeSpan.FromSeconds(1));

        limiter.TryAcquire("new.myshopify.com", 1, out _).Should().Be(RateDecision.Allowed);
        limiter.TrackedShops.Should().Be(1);
    }

    [Fact]
    public void A_shop_that_still_owes_tokens_is_not_evicted()
    {
        // A busy shop must not escape its limit by being evicted and coming back with a full bucket.
        using var limiter = Limiter(rate: 1, burst: 100);
        limiter.TryAcquire("busy.myshopify.com", 100, out _);
        limiter.TryAcquire("quiet.myshopify.com", 1, out _);

        _clock.Advance(ShopRateLimiter.MinimumIdle + TimeSpan.FromSeconds(1));

        limiter.Sweep().Should().Be(0, "both buckets are still refilling (100 s at 1/s)");
        _clock.Advance(TimeSpan.FromSeconds(100));
        limiter.Sweep().Should().Be(2);
    }

    [Fact]
    public void A_rate_of_zero_turns_the_limit_off()
    {
        using var limiter = Limiter(rate: 0);

        limiter.TryAcquire("a.myshopify.com", 1_000_000, out _).Should().Be(RateDecision.Allowed);
        limiter.TrackedShops.Should().Be(0);
    }
}
