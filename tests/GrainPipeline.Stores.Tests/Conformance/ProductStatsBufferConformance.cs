using GrainPipeline.Stores.Abstractions;
using GrainPipeline.Stores.Model;

namespace GrainPipeline.Stores.Tests.Conformance;

/// <summary>What every <see cref="IProductStatsBuffer"/> must do: add, take atomically in bounded batches, keep the taken batch until acknowledged.</summary>
public abstract class ProductStatsBufferConformance : IAsyncLifetime
{
    protected IProductStatsBuffer Buffer { get; private set; } = null!;

    protected abstract Task<IProductStatsBuffer> CreateBufferAsync();

    protected virtual Task DisposeBufferAsync() => Task.CompletedTask;

    public async Task InitializeAsync() => Buffer = await CreateBufferAsync();

    public Task DisposeAsync() => DisposeBufferAsync();

    /// <summary>Takes and acknowledges until the partition is empty; returns the cells summed by key.</summary>
    protected async Task<Dictionary<ProductStatKey, ProductStatDelta>> DrainAsync(int partition, int batchSize = 100)
    {
        var total = new Dictionary<ProductStatKey, ProductStatDelta>();
        while (true)
        {
            var batch = await Buffer.TakeBatchAsync(partition, batchSize, default);
            if (batch.IsEmpty) return total;
            batch.Cells.Count.Should().BeLessThanOrEqualTo(batchSize);
            batch.Partition.Should().Be(partition);
            foreach (var cell in batch.Cells) total[cell.Key] = total.TryGetValue(cell.Key, out var sum) ? sum.Plus(cell) : cell;
            await Buffer.AcknowledgeAsync(partition, batch.Id, default);
        }
    }

    [Fact]
    public async Task Increments_of_one_cell_add_up_within_and_across_calls()
    {
        var shop = TestData.Shop();
        await Buffer.IncrementAsync(1, [TestData.Cell(shop, "p1", views: 1), TestData.Cell(shop, "p1", views: 1, revenue: 0.10m)], default);
        await Buffer.IncrementAsync(1, [TestData.Cell(shop, "p1", adds: 2, purchases: 1, revenue: 19.9999m)], default);
        (await DrainAsync(1)).Values.Should().Equal(TestData.Cell(shop, "p1", views: 2, adds: 2, purchases: 1, revenue: 20.0999m));
    }

    [Fact]
    public async Task An_event_applied_once_adds_nothing_when_it_comes_again_even_after_its_cells_were_flushed()
    {
        var shop = TestData.Shop();
        var first = $"sh-{Guid.NewGuid():D}";
        var second = $"wh-{Guid.NewGuid()}";
        (await Buffer.IncrementOnceAsync(7, first, [TestData.Cell(shop, "p1", views: 1), TestData.Cell(shop, "p2", purchases: 2, revenue: 5m)], default)).Should().BeTrue();
        (await Buffer.IncrementOnceAsync(7, first, [TestData.Cell(shop, "p1", views: 1), TestData.Cell(shop, "p2", purchases: 2, revenue: 5m)], default))
            .Should().BeFalse("the same event again is a redelivery");
        (await Buffer.IncrementOnceAsync(7, second, [TestData.Cell(shop, "p1", views: 1)], default)).Should().BeTrue();
        (await DrainAsync(7)).Values.Should().BeEquivalentTo([TestData.Cell(shop, "p1", views: 2), TestData.Cell(shop, "p2", purchases: 2, revenue: 5m)]);

        (await Buffer.IncrementOnceAsync(7, first, [TestData.Cell(shop, "p1", views: 1)], default)).Should().BeFalse("a flush does not forget applied events");
        (await DrainAsync(7)).Should().BeEmpty();
    }

    [Fact]
    public async Task Several_events_in_one_call_are_each_added_once_and_the_answer_says_which()
    {
        var shop = TestData.Shop();
        var (a, b, c) = ($"sh-{Guid.NewGuid():D}", $"sh-{Guid.NewGuid():D}", $"sh-{Guid.NewGuid():D}");
        EventStatDeltas[] first =
        [
            new(a, [TestData.Cell(shop, "p1", views: 1), TestData.Cell(shop, "p2", adds: 1)]),
            new(b, [TestData.Cell(shop, "p1", purchases: 1, revenue: 12.5m)]),
            new(a, [TestData.Cell(shop, "p1", views: 1)]),
        ];
        (await Buffer.IncrementEachOnceAsync(5, first, default)).Should().Equal([true, true, false], "an id repeated in the call counts once");
        (await Buffer.IncrementOnceAsync(5, b, [TestData.Cell(shop, "p1", views: 1)], default)).Should().BeFalse("the call marked each event applied");
        (await Buffer.IncrementEachOnceAsync(5, [new(b, [TestData.Cell(shop, "p1", views: 1)]), new(c, [TestData.Cell(shop, "p3", views: 2)])], default))
            .Should().Equal(false, true);
        (await Buffer.IncrementEachOnceAsync(5, [], default)).Should().BeEmpty();

        (await DrainAsync(5)).Values.Should().BeEquivalentTo(
        [
            TestData.Cell(shop, "p1", views: 1, purchases: 1, revenue: 12.5m),
            TestData.Cell(shop, "p2", adds: 1),
            TestData.Cell(shop, "p3", views: 2),
        ]);
    }

    [Fact]
    public async Task A_take_is_bounded_by_the_batch_size_and_draining_loses_nothing()
    {
        var shop = TestData.Shop();
        var cells = Enumerable.Range(0, 250).Select(i => TestData.Cell(shop, $"p{i}", views: i + 1)).ToList();
        foreach (var chunk in cells.Chunk(25)) await Buffer.IncrementAsync(2, chunk, default);

        var first = await Buffer.TakeBatchAsync(2, 100, default);
        first.Cells.Should().HaveCountLessThanOrEqualTo(100).And.NotBeEmpty();
        await Buffer.AcknowledgeAsync(2, first.Id, default);
        var rest = await DrainAsync(2, 100);
        rest.Keys.Should().NotIntersectWith(first.Cells.Select(c => c.Key), "a taken cell is gone from the buffer");
        var all = first.Cells.Concat(rest.Values).ToList();
        all.Should().BeEquivalentTo(cells);
    }

    [Fact]
    public async Task Until_acknowledged_a_take_returns_the_same_pending_batch()
    {
        var shop = TestData.Shop();
        await Buffer.IncrementAsync(3, [TestData.Cell(shop, "p1", views: 1), TestData.Cell(shop, "p2", views: 1)], default);
        var taken = await Buffer.TakeBatchAsync(3, 100, default);
        await Buffer.IncrementAsync(3, [TestData.Cell(shop, "p1", views: 5)], default);

        var again = await Buffer.TakeBatchAsync(3, 100, default);
        again.Id.Should().Be(taken.Id);
        again.Cells.Should().BeEquivalentTo(taken.Cells, "the increment after the take went to a fresh cell");

        await Buffer.AcknowledgeAsync(3, "some-other-batch", default);
        (await Buffer.TakeBatchAsync(3, 100, default)).Id.Should().Be(taken.Id, "acknowledging another id changes nothing");

        await Buffer.AcknowledgeAsync(3, taken.Id, default);
        var next = await Buffer.TakeBatchAsync(3, 100, default);
        next.Id.Should().NotBe(taken.Id);
        next.Cells.Should().Equal(TestData.Cell(shop, "p1", views: 5));
    }

    [Fact]
    public async Task Partitions_are_separate_and_an_empty_one_gives_an_empty_batch()
    {
        var shop = TestData.Shop();
        await Buffer.IncrementAsync(4, [TestData.Cell(shop, "p1", views: 1)], default);
        (await Buffer.TakeBatchAsync(5, 100, default)).IsEmpty.Should().BeTrue();
        (await DrainAsync(4)).Should().HaveCount(1);
        (await Buffer.TakeBatchAsync(4, 100, default)).IsEmpty.Should().BeTrue();
    }

    [Fact]
    public async Task Concurrent_calls_of_several_events_over_shared_cells_in_any_order_add_up()
    {
        var shop = TestData.Shop();
        const int Writers = 6;
        const int Calls = 40;
        var writers = Task.WhenAll(Enumerable.Range(0, Writers).Select(w => Task.Run(async () =>
        {
            for (var i = 0; i < Calls; i++)
            {
                // Each writer names the shared cells in its own order: a store that locks them as named could deadlock.
                var products = Enumerable.Range(0, 5).Select(p => $"p{(p * (w + 1) + i) % 5}").ToArray();
                EventStatDeltas[] events =
                [
                    new($"sh-{w}-{i}-a", [TestData.Cell(shop, products[0], views: 1), TestData.Cell(shop, products[1], views: 1)]),
                    new($"sh-{w}-{i}-b", [TestData.Cell(shop, products[2], views: 1), TestData.Cell(shop, products[3], views: 1), TestData.Cell(shop, products[0], views: 1)]),
                ];
                (await Buffer.IncrementEachOnceAsync(7, events, default)).Should().Equal(true, true);
            }
        })));
        await writers;

        (await DrainAsync(7)).Values.Sum(c => c.Views).Should().Be(Writers * Calls * 5);
    }

    [Fact]
    public async Task Taking_while_increments_run_loses_and_duplicates_nothing()
    {
        var shop = TestData.Shop();
        const int Writers = 8;
        const int PerWriter = 300;
        var taken = new Dictionary<ProductStatKey, ProductStatDelta>();
        using var done = new CancellationTokenSource();
        var writers = Task.WhenAll(Enumerable.Range(0, Writers).Select(w => Task.Run(async () =>
        {
            for (var i = 0; i < PerWriter; i++)
                await Buffer.IncrementAsync(6, [TestData.Cell(shop, $"p{i % 37}", views: 1, revenue: 0.25m)], default);
        })));
        var flusher = Task.Run(async () =>
        {
            while (!done.IsCancellationRequested)
            {
                var batch = await Buffer.TakeBatchAsync(6, 10, default);
                foreach (var cell in batch.Cells) taken[cell.Key] = taken.TryGetValue(cell.Key, out var s) ? s.Plus(cell) : cell;
                if (!batch.IsEmpty) await Buffer.AcknowledgeAsync(6, batch.Id, default);
            }
        });
        await writers;
        await done.CancelAsync();
        await flusher;
        foreach (var (key, cell) in await DrainAsync(6)) taken[key] = taken.TryGetValue(key, out var s) ? s.Plus(cell) : cell;

        taken.Values.Sum(c => c.Views).Should().Be(Writers * PerWriter);
        taken.Values.Sum(c => c.Revenue).Should().Be(Writers * PerWriter * 0.25m);
    }
}
