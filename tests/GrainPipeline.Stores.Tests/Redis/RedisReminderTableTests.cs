using GrainPipeline.Runtime.Timers;
using GrainPipeline.Stores.Redis.Hosting;
using GrainPipeline.Stores.Tests.Conformance;
using GrainPipeline.Stores.Tests.Infrastructure;

namespace GrainPipeline.Stores.Tests.Redis;

[Collection(RedisCollection.Name)]
public sealed class RedisReminderTableTests(RedisServerFixture redis) : ReminderTableConformance
{
    private RedisStores _stores = null!;

    protected override async Task<IReminderTable> CreateTableAsync()
    {
        _stores = await RedisStores.ConnectAsync(redis.Options());
        return _stores.Reminders;
    }

    protected override async Task DisposeTableAsync() => await _stores.DisposeAsync();
}
