using GrainPipeline.Stores.Abstractions;
using GrainPipeline.Stores.Redis.Hosting;
using GrainPipeline.Stores.Tests.Conformance;
using GrainPipeline.Stores.Tests.Infrastructure;

namespace GrainPipeline.Stores.Tests.Redis;

/// <summary>The adapters when Redis goes away and comes back (a private server each, killed on purpose).</summary>
public sealed class RedisOutageTests
{
    [Fact]
    public async Task Adapter_calls_fail_as_unavailable_while_down_and_work_after_the_server_returns_empty()
    {
        using var server = LocalRedisServer.Start();
        var options = RedisServerFixture.ForPort(server.Port);
        options.ReconnectMinBackoff = TimeSpan.FromMilliseconds(50);
        options.ReconnectMaxBackoff = TimeSpan.FromMilliseconds(200);
        await using var stores = await RedisStores.ConnectAsync(options);
        await stores.StatsBuffer.IncrementAsync(0, [TestData.Cell("s", "p", views: 1)], default);

        server.Kill();
        await Eventually.TrueAsync(() => !stores.Connection.IsConnected, "the connection notices");
        var increment = async () => await stores.StatsBuffer.IncrementAsync(0, [TestData.Cell("s", "p", views: 1)], default);
        await increment.Should().ThrowAsync<StoreUnavailableException>();
        var count = async () => await stores.WeeklyVisitors.CountAsync("s", new DateOnly(2026, 1, 5), default);
        await count.Should().ThrowAsync<StoreUnavailableException>();

        server.Launch(); // empty: the scripts are gone too, so the first EVALSHA meets NOSCRIPT
        await Eventually.TrueAsync(() => stores.Connection.IsConnected, "the connection comes back");
        await stores.StatsBuffer.IncrementAsync(0, [TestData.Cell("s", "p", views: 1)], default);
        (await stores.StatsBuffer.TakeBatchAsync(0, 10, default)).Cells.Single().Views.Should().Be(1);
    }

    [Fact]
    public async Task A_call_on_a_stalled_server_ends_at_the_command_timeout_as_a_timeout()
    {
        using var server = LocalRedisServer.Start();
        var options = RedisServerFixture.ForPort(server.Port);
        await using var stores = await RedisStores.ConnectAsync(options);
        // Shortened only after connecting: loading the scripts on a loaded machine can take longer than
        // 300 ms, and the adapters read the timeout on every call.
        options.CommandTimeout = TimeSpan.FromMilliseconds(300);
        server.Pause();
        try
        {
            var call = async () => await stores.WeeklyVisitors.AddAsync("s", new DateOnly(2026, 1, 5), "c", default);
            (await call.Should().ThrowAsync<TimeoutException>()).WithMessage("*Redis:CommandTimeout*");
        }
        finally
        {
            server.Resume();
        }
    }
}
