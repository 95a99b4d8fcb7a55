using GrainPipeline.Ingest.Budget;

namespace GrainPipeline.Ingest.Tests;

public class DualBudgetTests
{
    [Fact]
    public void Refuses_the_message_that_would_exceed_the_message_limit()
    {
        var budget = new DualBudget(maxMessages: 2, maxBytes: 1000, resumeFraction: 0.5);
        budget.TryAcquire(10).Should().BeTrue();
        budget.TryAcquire(10).Should().BeTrue();
        budget.TryAcquire(10).Should().BeFalse();
        budget.InFlightMessages.Should().Be(2);
    }

    [Fact]
    public void Refuses_the_message_that_would_exceed_the_byte_limit_even_with_message_room()
    {
        var budget = new DualBudget(maxMessages: 100, maxBytes: 1000, resumeFraction: 0.5);
        budget.TryAcquire(600).Should().BeTrue();
        budget.TryAcquire(500).Should().BeFalse();
        budget.TryAcquire(400).Should().BeTrue();
        budget.InFlightBytes.Should().Be(1000);
    }

    [Fact]
    public void Admits_one_oversized_message_only_when_nothing_else_is_in_flight()
    {
        var budget = new DualBudget(maxMessages: 10, maxBytes: 1000, resumeFraction: 0.5);
        budget.TryAcquire(1).Should().BeTrue();
        budget.TryAcquire(5000).Should().BeFalse("something else is in flight");
        budget.Release(1);
        budget.TryAcquire(5000).Should().BeTrue("alone, it would otherwise wait for ever");
        budget.TryAcquire(1).Should().BeFalse("the byte budget is spent while it runs");
    }

    [Fact]
    public void Resume_mark_needs_both_counts_at_or_below_the_fraction()
    {
        var budget = new DualBudget(maxMessages: 4, maxBytes: 1000, resumeFraction: 0.5);
        budget.TryAcquire(100);
        budget.TryAcquire(100);
        budget.TryAcquire(100);
        budget.IsBelowResumeMark.Should().BeFalse("3 of 4 messages is above half");
        budget.Release(100);
        budget.IsBelowResumeMark.Should().BeTrue();
        budget.TryAcquire(700);
        budget.IsBelowResumeMark.Should().BeFalse("900 of 1000 bytes is above half");
    }

    [Fact]
    public void Peaks_record_the_highest_in_flight_counts()
    {
        var budget = new DualBudget(maxMessages: 10, maxBytes: 10_000, resumeFraction: 0.5);
        budget.TryAcquire(100);
        budget.TryAcquire(300);
        budget.Release(100);
        budget.Release(300);
        budget.PeakMessages.Should().Be(2);
        budget.PeakBytes.Should().Be(400);
        budget.InFlightMessages.Should().Be(0);
    }

    [Fact]
    public async Task A_release_wakes_the_waiting_acquirer()
    {
        var budget = new DualBudget(maxMessages: 1, maxBytes: 1000, resumeFraction: 0.5);
        budget.TryAcquire(10);
        var waiter = Task.Run(() => budget.WaitForRelease(TimeSpan.FromSeconds(10)));
        budget.Release(10);
        (await waiter.WaitAsync(TimeSpan.FromSeconds(10))).Should().BeTrue();
    }

    [Fact]
    public void Never_exceeds_either_limit_under_concurrent_release()
    {
        var budget = new DualBudget(maxMessages: 8, maxBytes: 800, resumeFraction: 0.5);
        var held = new System.Collections.Concurrent.ConcurrentQueue<int>();
        Parallel.For(0, 20_000, i =>
        {
            var size = 1 + (i * 37 % 150);
            if (i % 2 == 0)
            {
                if (budget.TryAcquire(size)) held.Enqueue(size);
            }
            else if (held.TryDequeue(out var release))
            {
                budget.Release(release);
            }
        });
        budget.PeakMessages.Should().BeLessOrEqualTo(8);
        budget.PeakBytes.Should().BeLessOrEqualTo(800);
    }
}
