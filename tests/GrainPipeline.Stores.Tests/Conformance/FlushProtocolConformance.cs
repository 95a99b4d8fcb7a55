using GrainPipeline.Stores.Abstractions;
using GrainPipeline.Stores.Model;

namespace GrainPipeline.Stores.Tests.Conformance;

/// <summary>
/// The flush protocol across a buffer and a store (take → apply → acknowledge): a flusher that dies
/// at any step neither loses nor double-counts. One derived class per buffer/store pair.
/// </summary>
public abstract class FlushProtocolConformance : IAsyncLifetime
{
    private const int Partition = 7;

    protected IProductStatsBuffer Buffer { get; private set; } = null!;

    protected IProductStatsStore Store { get; private set; } = null!;

    protected abstract Task<(IProductStatsBuffer Buffer, IProductStatsStore Store)> CreateAsync();

    protected virtual Task DisposeStoresAsync() => Task.CompletedTask;

    public async Task InitializeAsync() => (Buffer, Store) = await CreateAsync();

    public Task DisposeAsync() => DisposeStoresAsync();

    private enum CrashPoint
    {
        None,
        AfterTake,
        AfterApply,
    }

    /// <summary>The flusher grain's loop, with a crash (the rest of the turn never runs) at a chosen step.</summary>
    private async Task<bool> FlushOnceAsync(CrashPoint crash)
    {
        var batch = await Buffer.TakeBatchAsync(Partition, 10, default);
        if (batch.IsEmpty) return false;
        if (crash == CrashPoint.AfterTake) return true;
        await Store.ApplyBatchAsync(batch, default);
        if (crash == CrashPoint.AfterApply) return true;
        await Buffer.AcknowledgeAsync(Partition, batch.Id, default);
        return true;
    }

    private async Task<Dictionary<ProductStatKey, ProductStatDelta>> StoredAsync(string shop)
    {
        var cells = new Dictionary<ProductStatKey, ProductStatDelta>();
        await foreach (var cell in Store.ReadAllAsync(default))
        {
            if (cell.Key.Shop == shop) cells.Add(cell.Key, cell);
        }
        return cells;
    }

    [Fact]
    public async Task A_flusher_killed_between_take_and_apply_loses_nothing()
    {
        var shop = TestData.Shop();
        await Buffer.IncrementAsync(Partition, [TestData.Cell(shop, "p1", views: 3, revenue: 9.99m)], default);
        await FlushOnceAsync(CrashPoint.AfterTake);
        (await StoredAsync(shop)).Should().BeEmpty("the crashed flusher applied nothing");

        while (await FlushOnceAsync(CrashPoint.None)) { }
        (await StoredAsync(shop)).Values.Should().Equal(TestData.Cell(shop, "p1", views: 3, revenue: 9.99m));
    }

    [Fact]
    public async Task A_flusher_killed_between_apply_and_acknowledge_counts_once()
    {
        var shop = TestData.Shop();
        await Buffer.IncrementAsync(Partition, [TestData.Cell(shop, "p1", views: 3)], default);
        await FlushOnceAsync(CrashPoint.AfterApply);
        while (await FlushOnceAsync(CrashPoint.None)) { }
        (await StoredAsync(shop)).Values.Should().Equal(TestData.Cell(shop, "p1", views: 3));
    }

    [Fact]
    public async Task Applying_a_taken_batch_twice_counts_once()
    {
        var shop = TestData.Shop();
        await Buffer.IncrementAsync(Partition, [TestData.Cell(shop, "p1", purchases: 2, revenue: 40m)], default);
        var batch = await Buffer.TakeBatchAsync(Partition, 10, default);
        (await Store.ApplyBatchAsync(batch, default)).Should().BeTrue();
        (await Store.ApplyBatchAsync(batch, default)).Should().BeFalse();
        await Buffer.AcknowledgeAsync(Partition, batch.Id, default);
        (await StoredAsync(shop)).Values.Should().Equal(TestData.Cell(shop, "p1", purchases: 2, revenue: 40m));
    }

    [Fact]
    public async Task Crashes_at_random_steps_while_events_arrive_leave_the_store_exact()
    {
        var shop = TestData.Shop();
        var random = new Random(1234);
        var expected = new Dictionary<ProductStatKey, ProductStatDelta>();
        for (var round = 0; round < 40; round++)
        {
            var deltas = Enumerable.Range(0, random.Next(1, 6))
                .Select(_ => TestData.Cell(shop, $"p{random.Next(25)}", day: random.Next(2), views: 1, adds: random.Next(2), revenue: random.Next(0, 500) / 100m))
                .ToList();
            await Buffer.IncrementAsync(Partition, deltas, default);
            foreach (var d in deltas) expected[d.Key] = expected.TryGetValue(d.Key, out var e) ? e.Plus(d) : d;
            await FlushOnceAsync((CrashPoint)random.Next(3));
        }
        while (await FlushOnceAsync(CrashPoint.None)) { }

        var stored = await StoredAsync(shop);
        stored.Should().BeEquivalentTo(expected);
    }
}
