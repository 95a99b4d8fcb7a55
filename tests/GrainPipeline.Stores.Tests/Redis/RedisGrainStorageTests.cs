using GrainPipeline.Runtime.Storage;
using GrainPipeline.Stores.Redis.Hosting;
using GrainPipeline.Stores.Tests.Conformance;
using GrainPipeline.Stores.Tests.Infrastructure;

namespace GrainPipeline.Stores.Tests.Redis;

[Collection(RedisCollection.Name)]
public sealed class RedisGrainStorageTests(RedisServerFixture redis) : GrainStorageConformance
{
    private RedisStores _stores = null!;

    protected override async Task<IGrainStorage> CreateStorageAsync()
    {
        _stores = await RedisStores.ConnectAsync(redis.Options());
        return _stores.GrainStorage;
    }

    protected override async Task DisposeStorageAsync() => await _stores.DisposeAsync();
}
