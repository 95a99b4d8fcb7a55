using GrainPipeline.Stores.Abstractions;
using GrainPipeline.Stores.Redis.Hosting;
using GrainPipeline.Stores.Redis.Resp;
using GrainPipeline.Stores.Tests.Conformance;
using GrainPipeline.Stores.Tests.Infrastructure;

namespace GrainPipeline.Stores.Tests.Redis;

[Collection(RedisCollection.Name)]
public sealed class RedisProductStatsBufferTests(RedisServerFixture redis) : ProductStatsBufferConformance
{
    private RedisStores _stores = null!;

    protected override async Task<IProductStatsBuffer> CreateBufferAsync()
    {
        _stores = await RedisStores.ConnectAsync(redis.Options());
        return _stores.StatsBuffer;
    }

    protected override async Task DisposeBufferAsync() => await _stores.DisposeAsync();

    [Fact]
    public async Task Cells_are_hashes_under_the_partition_hash_tag_with_integer_revenue()
    {
        var prefix = _stores.Connection.Options.KeyPrefix;
        await Buffer.IncrementAsync(11, [TestData.Cell("shop|a:b.myshopify.com", "p/1%", views: 2, revenue: 12.3456m)], default);
        var page = await _stores.Connection.ScanAsync(0, prefix + "stats:*", 1000, default);
        var key = page.Items.Select(v => v.AsString()!).Single();
        key.Should().StartWith(prefix + "stats:{11}:").And.Contain("shop%7Ca%3Ab.myshopify.com|p%2F1%25|");
        var hash = await _stores.Connection.HashGetAllAsync(key, default);
        System.Text.Encoding.ASCII.GetString(hash["r"]).Should().Be("123456");
        System.Text.Encoding.ASCII.GetString(hash["v"]).Should().Be("2");

        var batch = await Buffer.TakeBatchAsync(11, 10, default);
        batch.Cells.Should().Equal([TestData.Cell("shop|a:b.myshopify.com", "p/1%", views: 2, revenue: 12.3456m)], "escaped keys parse back");
    }

    [Fact]
    public async Task A_take_reads_the_partitions_index_not_the_keyspace_and_empties_it()
    {
        var connection = _stores.Connection;
        var prefix = connection.Options.KeyPrefix;
        // Unrelated keys, as the applied markers, visitor sets and grain states are in production.
        for (var i = 0; i < 500; i++) await connection.ExecuteAsync(RespRequest.Create("SET", $"{prefix}other:{i}", "x"), default);
        var shop = TestData.Shop();
        await Buffer.IncrementAsync(5, [TestData.Cell(shop, "p1", views: 1), TestData.Cell(shop, "p2", views: 2)], default);
        await Buffer.IncrementOnceAsync(5, "evt-1", [TestData.Cell(shop, "p3", views: 3)], default);
        var scansBefore = await CommandCallsAsync("scan");

        var drained = await DrainAsync(5);

        drained.Values.Select(c => c.Views).Order().Should().Equal(1, 2, 3);
        (await CommandCallsAsync("scan")).Should().Be(scansBefore, "the cells are found through the partition's index set");
        var index = await connection.ExecuteAsync(RespRequest.Create("SCARD", prefix + "stats-index:{5}"), default);
        index.AsInt64().Should().Be(0, "a taken cell leaves the index");
    }

    /// <summary>How often the server has run a command, from INFO commandstats.</summary>
    private async Task<long> CommandCallsAsync(string command)
    {
        var info = (await _stores.Connection.ExecuteAsync(RespRequest.Create("INFO", "commandstats"), default)).AsString()!;
        var line = info.Split("\r\n").FirstOrDefault(l => l.StartsWith($"cmdstat_{command}:", StringComparison.Ordinal));
        if (line is null) return 0;
        var calls = line[(line.IndexOf("calls=", StringComparison.Ordinal) + 6)..];
        return long.Parse(calls[..calls.IndexOf(',', StringComparison.Ordinal)], System.Globalization.CultureInfo.InvariantCulture);
    }

    [Fact]
    public async Task The_scripts_are_loaded_again_when_the_server_forgot_them()
    {
        await _stores.Connection.ExecuteAsync(RespRequest.Create("SCRIPT", "FLUSH"), default);
        var shop = TestData.Shop();
        await Buffer.IncrementAsync(12, [TestData.Cell(shop, "p1", views: 1)], default);
        (await DrainAsync(12)).Values.Single().Views.Should().Be(1);
    }
}
