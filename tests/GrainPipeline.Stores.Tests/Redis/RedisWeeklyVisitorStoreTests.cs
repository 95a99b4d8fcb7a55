using GrainPipeline.Stores.Abstractions;
using GrainPipeline.Stores.Redis.Hosting;
using GrainPipeline.Stores.Redis.Resp;
using GrainPipeline.Stores.Tests.Conformance;
using GrainPipeline.Stores.Tests.Infrastructure;

namespace GrainPipeline.Stores.Tests.Redis;

[Collection(RedisCollection.Name)]
public sealed class RedisWeeklyVisitorStoreTests(RedisServerFixture redis) : WeeklyVisitorStoreConformance
{
    private RedisStores _stores = null!;

    protected override async Task<IWeeklyVisitorStore> CreateStoreAsync()
    {
        _stores = await RedisStores.ConnectAsync(redis.Options());
        return _stores.WeeklyVisitors;
    }

    protected override async Task DisposeStoreAsync() => await _stores.DisposeAsync();

    [Fact]
    public async Task A_visitor_set_expires_after_the_retention()
    {
        await Store.AddAsync("s.myshopify.com", new DateOnly(2026, 10, 26), "c1", default);
        var key = _stores.Connection.Options.KeyPrefix + "wv:s.myshopify.com:2026-10-26";
        var ttl = (await _stores.Connection.ExecuteAsync(RespRequest.Create("PTTL", key), default)).AsInt64();
        ttl.Should().BeGreaterThan((long)TimeSpan.FromDays(55).TotalMilliseconds).And.BeLessThanOrEqualTo((long)TimeSpan.FromDays(56).TotalMilliseconds);
    }
}
