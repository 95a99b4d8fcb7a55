using GrainPipeline.Stores.Abstractions;
using GrainPipeline.Stores.Memory;
using GrainPipeline.Stores.Redis.Hosting;
using GrainPipeline.Stores.Tests.Conformance;
using GrainPipeline.Stores.Tests.Infrastructure;

namespace GrainPipeline.Stores.Tests.Redis;

/// <summary>The flush protocol with the Redis buffer (and the memory store); Redis → PostgreSQL is in the Postgres tests.</summary>
[Collection(RedisCollection.Name)]
public sealed class RedisFlushProtocolTests(RedisServerFixture redis) : FlushProtocolConformance
{
    private RedisStores _stores = null!;

    protected override async Task<(IProductStatsBuffer Buffer, IProductStatsStore Store)> CreateAsync()
    {
        _stores = await RedisStores.ConnectAsync(redis.Options());
        return (_stores.StatsBuffer, new MemoryProductStatsStore());
    }

    protected override async Task DisposeStoresAsync() => await _stores.DisposeAsync();
}
