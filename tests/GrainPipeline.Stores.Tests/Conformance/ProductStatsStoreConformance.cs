using GrainPipeline.Stores.Abstractions;
using GrainPipeline.Stores.Model;

namespace GrainPipeline.Stores.Tests.Conformance;

/// <summary>What every <see cref="IProductStatsStore"/> must do: add batches to cells, each batch id once.</summary>
public abstract class ProductStatsStoreConformance : IAsyncLifetime
{
    protected IProductStatsStore Store { get; private set; } = null!;

    protected abstract Task<IProductStatsStore> CreateStoreAsync();

    protected virtual Task DisposeStoreAsync() => Task.CompletedTask;

    public async Task InitializeAsync() => Store = await CreateStoreAsync();

    public Task DisposeAsync() => DisposeStoreAsync();

    protected async Task<Dictionary<ProductStatKey, ProductStatDelta>> ReadShopAsync(string shop)
    {
        var cells = new Dictionary<ProductStatKey, ProductStatDelta>();
        await foreach (var cell in Store.ReadAllAsync(default))
        {
            if (cell.Key.Shop == shop) cells.Add(cell.Key, cell);
        }
        return cells;
    }

    private static ProductStatBatch Batch(params ProductStatDelta[] cells) => new(3, ProductStatBatch.NewId(3), cells);

    [Fact]
    public async Task Batches_add_to_cells()
    {
        var shop = TestData.Shop();
        (await Store.ApplyBatchAsync(Batch(TestData.Cell(shop, "p1", views: 2, revenue: 19.99m), TestData.Cell(shop, "p2", adds: 1)), default)).Should().BeTrue();
        (await Store.ApplyBatchAsync(Batch(TestData.Cell(shop, "p1", views: 3, purchases: 1, revenue: 0.01m)), default)).Should().BeTrue();

        var cells = await ReadShopAsync(shop);
        cells.Should().HaveCount(2);
        cells[TestData.Cell(shop, "p1").Key].Should().Be(TestData.Cell(shop, "p1", views: 5, purchases: 1, revenue: 20.00m));
        cells[TestData.Cell(shop, "p2").Key].Should().Be(TestData.Cell(shop, "p2", adds: 1));
    }

    [Fact]
    public async Task A_batch_applied_twice_counts_once()
    {
        var shop = TestData.Shop();
        var batch = Batch(TestData.Cell(shop, "p1", views: 7, revenue: 1.5m));
        (await Store.ApplyBatchAsync(batch, default)).Should().BeTrue();
        (await Store.ApplyBatchAsync(batch, default)).Should().BeFalse("the id was applied before");
        (await ReadShopAsync(shop)).Values.Should().Equal(TestData.Cell(shop, "p1", views: 7, revenue: 1.5m));
    }

    [Fact]
    public async Task The_same_batch_applied_concurrently_counts_once()
    {
        var shop = TestData.Shop();
        var batch = Batch(TestData.Cell(shop, "p1", views: 1));
        var results = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Store.ApplyBatchAsync(batch, default)));
        results.Count(r => r).Should().Be(1);
        (await ReadShopAsync(shop)).Values.Single().Views.Should().Be(1);
    }

    [Fact]
    public async Task Reading_returns_every_cell_across_pages()
    {
        var shop = TestData.Shop();
        for (var b = 0; b < 5; b++)
            await Store.ApplyBatchAsync(Batch(Enumerable.Range(0, 9).Select(i => TestData.Cell(shop, $"p{i}", day: b, views: 1)).ToArray()), default);
        var cells = await ReadShopAsync(shop);
        cells.Should().HaveCount(45);
        cells.Values.Should().OnlyContain(c => c.Views == 1);
    }

    [Fact]
    public async Task An_empty_batch_changes_nothing() =>
        (await Store.ApplyBatchAsync(ProductStatBatch.Empty(0), default)).Should().BeFalse();
}
