using GrainPipeline.Runtime.Testing;

namespace GrainPipeline.Runtime.Tests.Testing;

/// <summary>The fake clock the other tests lean on: time moves only on Advance, and timers fire as it passes them.</summary>
public sealed class ManualTimeProviderTests
{
    private readonly ManualTimeProvider _clock = new();

    [Fact]
    public void Time_moves_only_when_advanced()
    {
        var start = _clock.GetUtcNow();
        var stamp = _clock.GetTimestamp();

        _clock.GetUtcNow().Should().Be(start);
        _clock.Advance(TimeSpan.FromMinutes(3));

        _clock.GetUtcNow().Should().Be(start + TimeSpan.FromMinutes(3));
        _clock.GetElapsedTime(stamp).Should().Be(TimeSpan.FromMinutes(3));
    }

    [Fact]
    public async Task Task_Delay_completes_only_once_the_clock_passes_its_due_time()
    {
        var delay = Task.Delay(TimeSpan.FromSeconds(10), _clock);

        _clock.Advance(TimeSpan.FromSeconds(9));
        delay.IsCompleted.Should().BeFalse();
        _clock.Advance(TimeSpan.FromSeconds(1));

        await delay.WithTimeout("Task.Delay(10 s) after the clock moved 10 s");
    }

    [Fact]
    public async Task A_cancelled_delay_disarms_its_timer()
    {
        using var cancel = new CancellationTokenSource();
        var delay = Task.Delay(TimeSpan.FromSeconds(10), _clock, cancel.Token);
        _clock.ArmedTimers.Should().Be(1);

        await cancel.CancelAsync();

        await delay.Invoking(d => d.WithTimeout("a cancelled delay")).Should().ThrowAsync<TaskCanceledException>();
        _clock.ArmedTimers.Should().Be(0);
    }

    [Fact]
    public void Timers_fire_in_due_order_and_see_their_own_due_time()
    {
        var start = _clock.GetUtcNow();
        var fired = new List<(string Name, DateTimeOffset At)>();
        using var late = _clock.CreateTimer(_ => fired.Add(("late", _clock.GetUtcNow())), null, TimeSpan.FromSeconds(30), Timeout.InfiniteTimeSpan);
        using var early = _clock.CreateTimer(_ => fired.Add(("early", _clock.GetUtcNow())), null, TimeSpan.FromSeconds(10), Timeout.InfiniteTimeSpan);

        _clock.Advance(TimeSpan.FromMinutes(1));

        fired.Should().Equal(("early", start.AddSeconds(10)), ("late", start.AddSeconds(30)));
        _clock.GetUtcNow().Should().Be(start.AddMinutes(1));
    }

    [Fact]
    public void A_periodic_timer_fires_once_per_period_passed_until_disposed()
    {
        var count = 0;
        var timer = _clock.CreateTimer(_ => count++, null, TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(5));

        _clock.Advance(TimeSpan.FromSeconds(24));
        count.Should().Be(4);
        timer.Dispose();
        _clock.Advance(TimeSpan.FromMinutes(1));

        count.Should().Be(4);
    }

    [Fact]
    public void A_zero_due_time_fires_at_once_and_Change_rearms()
    {
        var count = 0;
        using var timer = _clock.CreateTimer(_ => count++, null, TimeSpan.Zero, Timeout.InfiniteTimeSpan);
        count.Should().Be(1);

        timer.Change(TimeSpan.FromSeconds(2), Timeout.InfiniteTimeSpan).Should().BeTrue();
        _clock.Advance(TimeSpan.FromSeconds(1));
        count.Should().Be(1);
        _clock.Advance(TimeSpan.FromSeconds(1));

        count.Should().Be(2);
    }

    [Fact]
    public async Task A_PeriodicTimer_ticks_with_the_clock()
    {
        using var periodic = new PeriodicTimer(TimeSpan.FromSeconds(5), _clock);

        var tick = periodic.WaitForNextTickAsync().AsTask();
        tick.IsCompleted.Should().BeFalse();
        _clock.Advance(TimeSpan.FromSeconds(5));

        (await tick.WithTimeout("a PeriodicTimer tick after one period")).Should().BeTrue();
    }
}
