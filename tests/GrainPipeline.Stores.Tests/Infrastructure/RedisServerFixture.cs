using GrainPipeline.Stores.Redis.Options;

namespace GrainPipeline.Stores.Tests.Infrastructure;

/// <summary>One private redis-server for the tests of the <see cref="RedisCollection"/>; each test isolates itself by key prefix.</summary>
public sealed class RedisServerFixture : IDisposable
{
    public LocalRedisServer Server { get; } = LocalRedisServer.Start();

    /// <summary>Options for this server with a key prefix of the test's own.</summary>
    public RedisOptions Options() => ForPort(Server.Port);

    public static RedisOptions ForPort(int port) => new()
    {
        Port = port,
        KeyPrefix = $"t{Guid.NewGuid():N}:",
        ConnectTimeout = TimeSpan.FromSeconds(5),
        CommandTimeout = TimeSpan.FromSeconds(10),
    };

    public void Dispose() => Server.Dispose();
}
