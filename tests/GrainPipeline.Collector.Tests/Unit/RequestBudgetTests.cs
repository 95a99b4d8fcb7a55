using GrainPipeline.Collector.Producing;

namespace GrainPipeline.Collector.Tests.Unit;

public class RequestBudgetTests
{
    [Fact]
    public void Requests_beyond_the_count_are_refused_at_once_and_admitted_after_a_release()
    {
        var budget = new RequestBudget(maxRequests: 2, maxBytes: 1_000);
        var first = budget.TryAcquire(10);
        var second = budget.TryAcquire(10);

        budget.TryAcquire(10).Should().BeNull();

        first!.Dispose();
        budget.TryAcquire(10).Should().NotBeNull();
        second.Should().NotBeNull();
    }

    [Fact]
    public void Bytes_beyond_the_budget_are_refused()
    {
        var budget = new RequestBudget(maxRequests: 10, maxBytes: 100);
        using var held = budget.TryAcquire(80);

        budget.TryAcquire(30).Should().BeNull();
        budget.TryAcquire(20).Should().NotBeNull();
        budget.InFlightBytes.Should().Be(100);
    }

    [Fact]
    public void A_body_larger_than_the_budget_is_admitted_only_alone()
    {
        var budget = new RequestBudget(maxRequests: 10, maxBytes: 100);

        using (var alone = budget.TryAcquire(500))
        {
            alone.Should().NotBeNull("nothing else is in flight, so refusing it would refuse it for ever");
            budget.TryAcquire(1).Should().BeNull();
        }

        using var small = budget.TryAcquire(1);
        budget.TryAcquire(500).Should().BeNull();
    }

    [Fact]
    public void Disposing_a_lease_twice_releases_once()
    {
        var budget = new RequestBudget(maxRequests: 2, maxBytes: 100);
        var lease = budget.TryAcquire(40)!;
        using var other = budget.TryAcquire(40);

        lease.Dispose();
        lease.Dispose();

        budget.InFlightRequests.Should().Be(1);
        budget.InFlightBytes.Should().Be(40);
        budget.PeakBytes.Should().Be(80);
    }

    [Fact]
    public async Task Concurrent_acquirers_never_exceed_either_bound()
    {
        var budget = new RequestBudget(maxRequests: 4, maxBytes: 300);
        await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Task.Run(() =>
        {
            for (var i = 0; i < 5_000; i++)
            {
                using var lease = budget.TryAcquire(100);
            }
        })));

        budget.PeakRequests.Should().BeLessThanOrEqualTo(3, "three 100-byte leases fill 300 bytes");
        budget.PeakBytes.Should().BeLessThanOrEqualTo(300);
        budget.InFlightRequests.Should().Be(0);
    }
}
