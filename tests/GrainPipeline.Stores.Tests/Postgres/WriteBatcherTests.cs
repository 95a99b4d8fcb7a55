using GrainPipeline.Stores.Abstractions;
using GrainPipeline.Stores.Postgres.Batching;

namespace GrainPipeline.Stores.Tests.Postgres;

/// <summary>The batcher on its own, with a fake statement.</summary>
public sealed class WriteBatcherTests
{
    private sealed class FakeBatcher(WriteBatcherSettings settings, Func<IReadOnlyList<int>, CancellationToken, Task<int[]>> execute)
        : WriteBatcher<int, int>("fake rows", settings)
    {
        public List<int> BatchSizes { get; } = [];

        protected override async Task<int[]> ExecuteAsync(IReadOnlyList<int> items, CancellationToken cancellation)
        {
            lock (BatchSizes) BatchSizes.Add(items.Count);
            return await execute(items, cancellation);
        }

        protected override bool IsOutage(Exception error) => error is IOException or OperationCanceledException;

        protected override Exception Translate(Exception error) => error is IOException ? new StoreUnavailableException("down", error) : error;
    }

    private static WriteBatcherSettings Settings(int batch = 100, int queue = 1000, int concurrency = 1, double lingerMs = 1) =>
        new(batch, TimeSpan.FromMilliseconds(lingerMs), queue, concurrency, TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(5));

    private static Task<int[]> Doubled(IReadOnlyList<int> items) => Task.FromResult(items.Select(i => i * 2).ToArray());

    [Fact]
    public async Task Concurrent_rows_share_statements_and_each_caller_gets_its_own_result()
    {
        var gate = new TaskCompletionSource();
        await using var batcher = new FakeBatcher(Settings(batch: 50), async (items, _) =>
        {
            await gate.Task; // the first statement is slow: the rest pile up behind it
            return await Doubled(items);
        });
        var calls = Enumerable.Range(0, 500).Select(i => batcher.EnqueueAsync(i, default)).ToArray();
        gate.SetResult();
        (await Task.WhenAll(calls)).Should().Equal(Enumerable.Range(0, 500).Select(i => i * 2));
        batcher.BatchSizes.Should().OnlyContain(size => size <= 50);
        batcher.BatchSizes.Count.Should().BeLessThanOrEqualTo(12);
        batcher.Rows.Should().Be(500);
    }

    [Fact]
    public async Task A_caller_completes_only_after_its_statement_returned()
    {
        var release = new TaskCompletionSource();
        await using var batcher = new FakeBatcher(Settings(), async (items, _) =>
        {
            await release.Task;
            return await Doubled(items);
        });
        var call = batcher.EnqueueAsync(21, default);
        await Task.Delay(50);
        call.IsCompleted.Should().BeFalse("the statement has not committed");
        release.SetResult();
        (await call).Should().Be(42);
    }

    [Fact]
    public async Task A_full_queue_makes_callers_wait_with_their_token()
    {
        var release = new TaskCompletionSource();
        await using var batcher = new FakeBatcher(Settings(batch: 1, queue: 2), async (items, _) =>
        {
            await release.Task;
            return await Doubled(items);
        });
        var first = batcher.EnqueueAsync(1, default); // taken by the flush, which blocks
        await Task.Delay(50);
        var queued = new[] { batcher.EnqueueAsync(2, default), batcher.EnqueueAsync(3, default) };
        using var soon = new CancellationTokenSource(TimeSpan.FromMilliseconds(100));
        var overflow = async () => await batcher.EnqueueAsync(4, soon.Token);
        await overflow.Should().ThrowAsync<OperationCanceledException>();
        batcher.Queued.Should().Be(2);
        release.SetResult();
        (await first).Should().Be(2);
        (await Task.WhenAll(queued)).Should().Equal(4, 6);
    }

    [Fact]
    public async Task A_caller_that_gives_up_before_the_flush_has_its_row_dropped()
    {
        var release = new TaskCompletionSource();
        var written = new List<int>();
        await using var batcher = new FakeBatcher(Settings(batch: 1), async (items, _) =>
        {
            await release.Task;
            lock (written) written.AddRange(items);
            return await Doubled(items);
        });
        var first = batcher.EnqueueAsync(1, default);
        await Task.Delay(50);
        using var giveUp = new CancellationTokenSource();
        var dropped = batcher.EnqueueAsync(2, giveUp.Token);
        await giveUp.CancelAsync();
        await dropped.Invoking(t => t).Should().ThrowAsync<OperationCanceledException>();
        var kept = batcher.EnqueueAsync(3, default);
        release.SetResult();
        await first;
        await kept;
        written.Should().Equal(1, 3);
    }

    [Fact]
    public async Task An_outage_fails_every_row_of_the_statement_as_unavailable()
    {
        await using var batcher = new FakeBatcher(Settings(lingerMs: 20), (_, _) => throw new IOException("connection reset"));
        var calls = Enumerable.Range(0, 10).Select(i => batcher.EnqueueAsync(i, default)).ToArray();
        foreach (var call in calls) await call.Invoking(c => c).Should().ThrowAsync<StoreUnavailableException>();
    }

    [Fact]
    public async Task A_data_error_is_isolated_to_the_row_that_caused_it()
    {
        await using var batcher = new FakeBatcher(Settings(lingerMs: 20), (items, _) =>
            items.Contains(13) ? throw new FormatException("bad row 13") : Doubled(items));
        var calls = Enumerable.Range(10, 10).Select(i => batcher.EnqueueAsync(i, default)).ToArray();
        await calls[3].Invoking(c => c).Should().ThrowAsync<FormatException>();
        foreach (var (call, i) in calls.Select((c, i) => (c, i + 10)).Where(p => p.Item2 != 13)) (await call).Should().Be(i * 2);
    }

    [Fact]
    public async Task A_group_is_never_split_between_statements_and_keeps_its_order()
    {
        var statements = new List<int[]>();
        var gate = new TaskCompletionSource();
        await using var batcher = new FakeBatcher(Settings(batch: 4, concurrency: 2), async (items, _) =>
        {
            lock (statements) statements.Add([.. items]);
            await gate.Task;
            return await Doubled(items);
        });
        var singles = Enumerable.Range(0, 3).Select(i => batcher.EnqueueAsync(i, default)).ToArray();
        var group = batcher.EnqueueAllAsync([103, 101, 102], default);
        var after = batcher.EnqueueAsync(200, default);
        gate.SetResult();

        (await group).Should().Equal(206, 202, 204);
        (await Task.WhenAll(singles)).Should().Equal(0, 2, 4);
        (await after).Should().Be(400);
        var holding = statements.Where(s => s.Intersect([101, 102, 103]).Any()).ToList();
        holding.Should().ContainSingle("a group goes into one statement").Which.Should().ContainInConsecutiveOrder(103, 101, 102);
    }

    [Fact]
    public async Task A_data_error_in_a_group_fails_the_group_and_no_other_row()
    {
        await using var batcher = new FakeBatcher(Settings(lingerMs: 20), (items, _) =>
            items.Contains(13) ? throw new FormatException("bad row 13") : Doubled(items));
        var before = batcher.EnqueueAsync(1, default);
        var group = batcher.EnqueueAllAsync([12, 13, 14], default);
        var other = batcher.EnqueueAllAsync([20, 21], default);

        await group.Invoking(g => g).Should().ThrowAsync<FormatException>();
        (await before).Should().Be(2);
        (await other).Should().Equal(40, 42);
        batcher.Rows.Should().Be(3, "the failed group's rows were never written");
    }

    [Fact]
    public async Task Disposing_writes_what_is_queued_and_then_refuses_rows()
    {
        var batcher = new FakeBatcher(Settings(batch: 10, lingerMs: 0), async (items, _) =>
        {
            await Task.Delay(5);
            return await Doubled(items);
        });
        var calls = Enumerable.Range(0, 100).Select(i => batcher.EnqueueAsync(i, default)).ToArray();
        await batcher.DisposeAsync();
        calls.Should().OnlyContain(c => c.IsCompletedSuccessfully);
        var after = async () => await batcher.EnqueueAsync(1, default);
        await after.Should().ThrowAsync<ObjectDisposedException>();
    }

    [Fact]
    public async Task A_statement_past_its_timeout_fails_as_unavailable()
    {
        var settings = Settings() with { StatementTimeout = TimeSpan.FromMilliseconds(100) };
        await using var batcher = new FakeBatcher(settings, async (items, token) =>
        {
            await Task.Delay(Timeout.Infinite, token);
            return await Doubled(items);
        });
        var call = async () => await batcher.EnqueueAsync(1, default);
        (await call.Should().ThrowAsync<StoreUnavailableException>()).WithInnerException<TimeoutException>();
    }
}
