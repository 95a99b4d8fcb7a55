using GrainPipeline.Stores.Abstractions;
using GrainPipeline.Stores.Postgres.Hosting;
using GrainPipeline.Stores.Tests.Conformance;
using GrainPipeline.Stores.Tests.Infrastructure;
using Npgsql;

namespace GrainPipeline.Stores.Tests.Postgres;

[Collection(PostgresCollection.Name)]
public sealed class PostgresEventStoreTests(PostgresServerFixture postgres) : EventStoreConformance
{
    private PostgresStores _stores = null!;

    protected override async Task<IEventStore> CreateStoreAsync()
    {
        _stores = await postgres.StartStoresAsync();
        return _stores.Events;
    }

    protected override async Task DisposeStoreAsync() => await _stores.DisposeAsync();

    [Fact]
    public async Task The_row_keeps_every_column_and_the_payload_as_jsonb()
    {
        var evt = TestData.Event("e-cols", shop: "s1.myshopify.com", client: "c9", partition: 4, offset: 1234);
        await Store.TryAppendAsync(evt, default);
        await using var command = _stores.Context.DataSource.CreateCommand(
            "SELECT shop, client_id, name, occurred_at, kafka_partition, kafka_offset, payload->'data'->>'note', jsonb_typeof(payload) FROM events WHERE event_id = 'e-cols'");
        await using var reader = await command.ExecuteReaderAsync();
        (await reader.ReadAsync()).Should().BeTrue();
        reader.GetString(0).Should().Be("s1.myshopify.com");
        reader.GetString(1).Should().Be("c9");
        reader.GetString(2).Should().Be("page_viewed");
        reader.GetFieldValue<DateTimeOffset>(3).Should().Be(evt.OccurredAt);
        reader.GetInt32(4).Should().Be(4);
        reader.GetInt64(5).Should().Be(1234);
        reader.GetString(6).Should().Be("héllo ✓");
        reader.GetString(7).Should().Be("object");
    }

    [Fact]
    public async Task Concurrent_appends_are_coalesced_into_multi_row_statements()
    {
        var prefix = Guid.NewGuid().ToString("N");
        var results = await Task.WhenAll(Enumerable.Range(0, 3000).Select(i => Store.TryAppendAsync(TestData.Event($"{prefix}-{i}", client: $"c{i}"), default)));
        results.Should().OnlyContain(isNew => isNew);
        var (rows, batches, _) = _stores.EventWrites;
        rows.Should().Be(3000);
        batches.Should().BeLessThan(300, "3000 concurrent rows need far fewer than 3000 statements");
    }

    [Fact]
    public async Task A_row_postgres_rejects_fails_only_its_own_caller()
    {
        var prefix = Guid.NewGuid().ToString("N");
        var bad = TestData.Event($"{prefix}-bad") with { Payload = "{not json"u8.ToArray() };
        var calls = Enumerable.Range(0, 50).Select(i => Store.TryAppendAsync(TestData.Event($"{prefix}-{i}"), default))
            .Append(Store.TryAppendAsync(bad, default)).ToList();

        (await calls[^1].Invoking(t => t).Should().ThrowAsync<PostgresException>()).Which.SqlState.Should().Be("22P02");
        foreach (var good in calls.Take(50)) (await good).Should().BeTrue();
        (await Store.FindWriteSequencesAsync(Enumerable.Range(0, 50).Select(i => $"{prefix}-{i}").ToList(), default)).Should().HaveCount(50);
    }
}
