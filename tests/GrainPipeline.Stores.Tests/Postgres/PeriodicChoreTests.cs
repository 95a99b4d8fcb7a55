using GrainPipeline.Stores.Postgres.Storage;

namespace GrainPipeline.Stores.Tests.Postgres;

/// <summary>The prunes' scheduler: in the background, once per period, one run at a time, failures reported.</summary>
public sealed class PeriodicChoreTests
{
    [Fact]
    public async Task The_caller_does_not_wait_and_a_second_run_waits_for_the_first_to_end()
    {
        var release = new TaskCompletionSource();
        var runs = 0;
        var chore = new PeriodicChore(TimeSpan.Zero, async () =>
        {
            Interlocked.Increment(ref runs);
            await release.Task;
        }, _ => { });

        chore.StartIfDue(); // returns while the run is held
        await WaitUntilAsync(() => Volatile.Read(ref runs) == 1);
        chore.StartIfDue();
        Volatile.Read(ref runs).Should().Be(1, "a run is still in progress");

        release.SetResult();
        await chore.Current;
        chore.StartIfDue();
        await chore.Current;
        runs.Should().Be(2);
    }

    [Fact]
    public async Task Nothing_runs_before_a_period_has_passed()
    {
        var runs = 0;
        var chore = new PeriodicChore(TimeSpan.FromHours(1), () =>
        {
            Interlocked.Increment(ref runs);
            return Task.CompletedTask;
        }, _ => { });

        chore.StartIfDue();
        await chore.Current;
        runs.Should().Be(0);
    }

    [Fact]
    public async Task A_failed_run_is_reported_and_does_not_stop_the_next()
    {
        var failures = new List<Exception>();
        var chore = new PeriodicChore(TimeSpan.Zero, () => Task.FromException(new InvalidOperationException("prune failed")), failures.Add);

        chore.StartIfDue();
        await chore.Current;
        chore.StartIfDue();
        await chore.Current;

        failures.Should().HaveCount(2).And.OnlyContain(e => e.Message == "prune failed");
    }

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        var until = DateTime.UtcNow + TimeSpan.FromSeconds(10);
        while (!condition() && DateTime.UtcNow < until) await Task.Delay(5);
        condition().Should().BeTrue();
    }
}
