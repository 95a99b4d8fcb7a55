using GrainPipeline.Stores.Abstractions;
using GrainPipeline.Stores.Postgres.Hosting;
using GrainPipeline.Stores.Tests.Conformance;
using GrainPipeline.Stores.Tests.Infrastructure;

namespace GrainPipeline.Stores.Tests.Postgres;

[Collection(PostgresCollection.Name)]
public sealed class PostgresProductStatsBufferTests(PostgresServerFixture postgres) : ProductStatsBufferConformance
{
    private PostgresStores _stores = null!;

    protected override async Task<IProductStatsBuffer> CreateBufferAsync()
    {
        _stores = await postgres.StartStoresAsync();
        return _stores.StatsBuffer;
    }

    protected override async Task DisposeBufferAsync() => await _stores.DisposeAsync();

    [Fact]
    public async Task Applied_event_markers_are_pruned_after_the_retention()
    {
        var shop = TestData.Shop();
        (await Buffer.IncrementOnceAsync(2, "old-event", [TestData.Cell(shop, "p", views: 1)], default)).Should().BeTrue();
        (await Buffer.IncrementOnceAsync(2, "new-event", [TestData.Cell(shop, "p", views: 1)], default)).Should().BeTrue();
        await using (var age = _stores.Context.DataSource.CreateCommand("UPDATE product_stats_applied SET applied_at = now() - interval '2 days' WHERE event_id = 'old-event'"))
            await age.ExecuteNonQueryAsync();

        (await _stores.StatsBuffer.PruneAppliedAsync(default)).Should().Be(1, "only the marker older than the 1-day retention goes");
        await using var left = _stores.Context.DataSource.CreateCommand("SELECT event_id FROM product_stats_applied WHERE event_id IN ('old-event', 'new-event')");
        (await left.ExecuteScalarAsync()).Should().Be("new-event");
        (await Buffer.IncrementOnceAsync(2, "new-event", [TestData.Cell(shop, "p", views: 1)], default)).Should().BeFalse("a kept marker still stops a repeat");
    }
}
