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

    [Fact]
    public async Task A_prune_deletes_in_chunks_until_nothing_old_is_left()
    {
        var shop = TestData.Shop();
        var ids = Enumerable.Range(0, 5).Select(i => $"chunked-{Guid.NewGuid():N}-{i}").ToList();
        foreach (var id in ids) await Buffer.IncrementOnceAsync(1, id, [TestData.Cell(shop, "p", views: 1)], default);
        await using (var age = _stores.Context.DataSource.CreateCommand("UPDATE product_stats_applied SET applied_at = now() - interval '2 days' WHERE event_id = ANY($1)"))
        {
            age.Parameters.Add(new Npgsql.NpgsqlParameter { Value = ids.ToArray() });
            await age.ExecuteNonQueryAsync();
        }

        var deleted = await _stores.Context.DeleteAppliedBeforeAsync("test prune", "product_stats_applied", TimeSpan.FromDays(1), default, chunkRows: 2);

        deleted.Should().BeGreaterThanOrEqualTo(5, "three chunks of at most 2 (other tests' old markers may go too)");
        await using var left = _stores.Context.DataSource.CreateCommand("SELECT count(*) FROM product_stats_applied WHERE applied_at < now() - interval '1 day'");
        (await left.ExecuteScalarAsync()).Should().Be(0L);
    }

    [Fact]
    public async Task Turns_increments_share_statements_and_one_events_bad_data_fails_only_its_call()
    {
        var shop = TestData.Shop();
        var before = _stores.StatsIncrements;
        var calls = Enumerable.Range(0, 40).Select(i => Buffer.IncrementEachOnceAsync(3,
            [new($"sh-share-{Guid.NewGuid():N}", [TestData.Cell(shop, i == 7 ? "bad\0product" : $"p{i % 3}", views: 1)])], default)).ToList();
        var outcomes = await Task.WhenAll(calls.Select(async call =>
        {
            try
            {
                return (await call)[0] ? "added" : "not added";
            }
            catch (Npgsql.PostgresException e)
            {
                return e.SqlState;
            }
        }));

        outcomes.Where((_, i) => i != 7).Should().AllBe("added");
        outcomes[7].Should().Be("22021", "PostgreSQL refuses a NUL in text: a data error, not an outage");
        var after = _stores.StatsIncrements;
        (after.Batches - before.Batches).Should().BeLessThan(40, "calls queued together share statements");
        (await DrainAsync(3)).Values.Where(c => c.Key.Shop == shop).Sum(c => c.Views).Should().Be(39);
    }
}
