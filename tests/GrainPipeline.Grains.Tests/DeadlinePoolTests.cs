using GrainPipeline.Grains.Stages;

namespace GrainPipeline.Grains.Tests;

public class DeadlinePoolTests
{
    [Fact]
    public void A_returned_deadline_that_did_not_fire_is_reused()
    {
        var pool = new DeadlinePool();
        var first = pool.Rent(TimeSpan.FromMinutes(1));
        pool.Return(first);
        pool.Rent(TimeSpan.FromMinutes(1)).Should().BeSameAs(first);
    }

    [Fact]
    public async Task A_deadline_that_fired_is_never_handed_out_again()
    {
        var pool = new DeadlinePool();
        var fired = pool.Rent(TimeSpan.FromMilliseconds(1));
        var cancelled = new TaskCompletionSource();
        fired.Token.Register(() => cancelled.TrySetResult());
        await cancelled.Task.WaitAsync(TimeSpan.FromSeconds(10));
        pool.Return(fired);

        var next = pool.Rent(TimeSpan.FromMinutes(1));
        next.Should().NotBeSameAs(fired);
        next.IsCancellationRequested.Should().BeFalse();
    }

    [Fact]
    public void The_pool_keeps_no_more_than_its_bound()
    {
        var pool = new DeadlinePool(maxRetained: 2);
        var rented = Enumerable.Range(0, 5).Select(_ => pool.Rent(TimeSpan.FromMinutes(1))).ToList();
        rented.ForEach(pool.Return);
        var again = Enumerable.Range(0, 5).Select(_ => pool.Rent(TimeSpan.FromMinutes(1))).ToList();
        again.Count(r => rented.Contains(r)).Should().Be(2);
    }
}
