using GrainPipeline.Stores.Abstractions;
using GrainPipeline.Stores.Postgres.Hosting;
using GrainPipeline.Stores.Redis.Hosting;
using GrainPipeline.Stores.Tests.Conformance;
using GrainPipeline.Stores.Tests.Infrastructure;

namespace GrainPipeline.Stores.Tests.Postgres;

/// <summary>The cluster-mode pair: the Redis buffer flushed into PostgreSQL's product_stats, with crashes.</summary>
[Collection(PostgresCollection.Name)]
public sealed class RedisToPostgresFlushProtocolTests(PostgresServerFixture postgres) : FlushProtocolConformance
{
    private LocalRedisServer _redisServer = null!;
    private RedisStores _redis = null!;
    private PostgresStores _postgres = null!;

    protected override async Task<(IProductStatsBuffer Buffer, IProductStatsStore Store)> CreateAsync()
    {
        _redisServer = LocalRedisServer.Start();
        _redis = await RedisStores.ConnectAsync(RedisServerFixture.ForPort(_redisServer.Port));
        _postgres = await postgres.StartStoresAsync();
        return (_redis.StatsBuffer, _postgres.ProductStats);
    }

    protected override async Task DisposeStoresAsync()
    {
        await _redis.DisposeAsync();
        await _postgres.DisposeAsync();
        _redisServer.Dispose();
    }
}
