using System.Diagnostics.Metrics;
using FluentAssertions;
using GrainPipeline.Grains.Stages;

namespace GrainPipeline.Grains.Tests;

public sealed class BackgroundStagePoolTests : IDisposable
{
    private readonly Meter _meter = new("pool-test");

    [Fact]
    public async Task Never_runs_more_than_the_workers_and_a_full_pool_makes_the_caller_wait()
    {
        var options = new StageOptions { BackgroundWorkers = 3, BackgroundQueueCapacity = 2 };
        var pool = new BackgroundStagePool(options, new PipelineCounters(_meter));
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        int running = 0, peak = 0, done = 0;
        async Task Work()
        {
            var now = Interlocked.Increment(ref running);
            InterlockedMax(ref peak, now);
            await gate.Task;
            Interlocked.Decrement(ref running);
        }
        var events = Enumerable.Range(0, 6).Select(_ => TestEvents.Pixel("page_viewed", DateTimeOffset.UnixEpoch, onDone: (_, _) => Interlocked.Increment(ref done))).ToList();
        var first5 = events.Take(5).Select(e => pool.EnqueueAsync(e, "test", Work)).ToList();
        first5.Should().OnlyContain(t => t.IsCompleted, "three run and two wait within the bounds");
        var sixth = pool.EnqueueAsync(events[5], "test", Work);
        await WaitUntil(() => Volatile.Read(ref running) == 3); // the workers start on the thread pool
        await Task.Delay(50);
        sixth.IsCompleted.Should().BeFalse("workers plus queue capacity are taken, so the turn must wait");
        Volatile.Read(ref peak).Should().Be(3);

        gate.SetResult();
        await sixth;
        foreach (var e in events) e.Completion.PartDone(); // the turn's own part
        await WaitUntil(() => Volatile.Read(ref done) == 6);
        Volatile.Read(ref peak).Should().Be(3, "never more items at once than BackgroundWorkers");
        await pool.DisposeAsync();
    }

    [Fact]
    public async Task Dispose_finishes_queued_work_and_refuses_later_items()
    {
        var pool = new BackgroundStagePool(new StageOptions { BackgroundWorkers = 1, BackgroundQueueCapacity = 100 }, new PipelineCounters(_meter));
        var finished = 0;
        for (var i = 0; i < 50; i++)
        {
            var evt = TestEvents.Pixel("page_viewed", DateTimeOffset.UnixEpoch);
            await pool.EnqueueAsync(evt, "test", async () =>
            {
                await Task.Yield();
                Interlocked.Increment(ref finished);
            });
        }
        await pool.DisposeAsync();
        finished.Should().Be(50);

        Exception? error = null;
        var late = TestEvents.Pixel("page_viewed", DateTimeOffset.UnixEpoch, onDone: (_, e) => error = e);
        await pool.EnqueueAsync(late, "test", () => Task.CompletedTask);
        late.Completion.PartDone();
        error.Should().BeOfType<ObjectDisposedException>("work offered to a stopped pool fails its event instead of vanishing");
    }

    [Fact]
    public async Task A_failing_item_fails_its_event_and_the_pool_goes_on()
    {
        var pool = new BackgroundStagePool(new StageOptions { BackgroundWorkers = 2 }, new PipelineCounters(_meter));
        Exception? failed = null;
        var ok = 0;
        var bad = TestEvents.Pixel("page_viewed", DateTimeOffset.UnixEpoch, onDone: (_, e) => failed = e);
        await pool.EnqueueAsync(bad, "test", () => throw new InvalidOperationException("boom"));
        bad.Completion.PartDone();
        for (var i = 0; i < 20; i++)
        {
            var good = TestEvents.Pixel("page_viewed", DateTimeOffset.UnixEpoch, onDone: (_, e) => { if (e is null) Interlocked.Increment(ref ok); });
            await pool.EnqueueAsync(good, "test", () => Task.CompletedTask);
            good.Completion.PartDone();
        }
        await pool.DisposeAsync();
        failed.Should().BeOfType<InvalidOperationException>();
        ok.Should().Be(20);
    }

    [Fact]
    public async Task An_item_whose_events_ended_differently_gives_each_event_and_the_watcher_its_own_outcome()
    {
        var pool = new BackgroundStagePool(new StageOptions(), new PipelineCounters(_meter));
        var finished = new bool[2];
        var errors = new Exception?[2];
        var events = Enumerable.Range(0, 2)
            .Select(i => TestEvents.Pixel("page_viewed", DateTimeOffset.UnixEpoch, onDone: (_, e) => (finished[i], errors[i]) = (true, e)))
            .ToList();
        var boom = new InvalidOperationException("the second event's data");
        var watcher = new RecordingWatcher();
        await pool.EnqueueAsync(events, "test", () => throw new SplitOutcomeException([null, boom]), watcher);
        foreach (var evt in events) evt.Completion.PartDone();
        await pool.DisposeAsync();

        finished.Should().AllBeEquivalentTo(true);
        errors[0].Should().BeNull("the first event's work succeeded");
        errors[1].Should().BeSameAs(boom);
        watcher.Error.Should().BeOfType<SplitOutcomeException>().Which.Errors.Should().Equal(null, boom);
    }

    private sealed class RecordingWatcher : IBackgroundWatcher
    {
        public Exception? Error { get; private set; }

        public void BackgroundEnded(Exception? error) => Error = error;
    }

    private static void InterlockedMax(ref int target, int value)
    {
        int current;
        while (value > (current = Volatile.Read(ref target)) && Interlocked.CompareExchange(ref target, value, current) != current) { }
    }

    private static async Task WaitUntil(Func<bool> condition)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        while (!condition()) await Task.Delay(10, timeout.Token);
    }

    public void Dispose() => _meter.Dispose();
}
