using GrainPipeline.Stores.Abstractions;
using GrainPipeline.Stores.Postgres.Hosting;
using GrainPipeline.Stores.Tests.Conformance;
using GrainPipeline.Stores.Tests.Infrastructure;

namespace GrainPipeline.Stores.Tests.Postgres;

[Collection(PostgresCollection.Name)]
public sealed class PostgresProductStatsStoreTests(PostgresServerFixture postgres) : ProductStatsStoreConformance
{
    private PostgresStores _stores = null!;

    // A small page, so the 45-cell read crosses several pages.
    protected override async Task<IProductStatsStore> CreateStoreAsync()
    {
        _stores = await postgres.StartStoresAsync(o => o.ReadPageSize = 7);
        return _stores.ProductStats;
    }

    protected override async Task DisposeStoreAsync() => await _stores.DisposeAsync();

    [Fact]
    public async Task Applied_batch_ids_are_recorded_and_pruned_after_the_retention()
    {
        var shop = TestData.Shop();
        await Store.ApplyBatchAsync(new(1, "old-batch", [TestData.Cell(shop, "p", views: 1)]), default);
        await Store.ApplyBatchAsync(new(1, "new-batch", [TestData.Cell(shop, "p", views: 1)]), default);
        await using (var age = _stores.Context.DataSource.CreateCommand("UPDATE applied_stat_batches SET applied_at = now() - interval '8 days' WHERE batch_id = 'old-batch'"))
            await age.ExecuteNonQueryAsync();

        (await _stores.ProductStats.PruneAsync(default)).Should().Be(1);
        await using var left = _stores.Context.DataSource.CreateCommand("SELECT batch_id FROM applied_stat_batches");
        (await left.ExecuteScalarAsync()).Should().Be("new-batch");
    }
}
