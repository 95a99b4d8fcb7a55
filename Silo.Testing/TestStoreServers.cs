using System.Globalization;
using GrainPipeline.Stores.Local;

namespace GrainPipeline.Silo.Testing;

/// <summary>
/// The private Redis and PostgreSQL servers behind a <see cref="TestCluster"/> that runs on real stores.
/// Both can be taken down and brought back on the same port with the same data, like a crashed server
/// restarted by its supervisor: Redis appends every write to its AOF before it replies, so a kill
/// loses nothing it acknowledged; PostgreSQL stops in immediate mode and recovers from its WAL.
/// </summary>
public sealed class TestStoreServers : IDisposable
{
    private readonly Lock _lock = new();

    private TestStoreServers(LocalRedisServer redis, LocalPostgresServer postgres)
    {
        Redis = redis;
        Postgres = postgres;
    }

    public LocalRedisServer Redis { get; }

    public LocalPostgresServer Postgres { get; }

    public bool RedisUp { get; private set; } = true;

    public bool PostgresUp { get; private set; } = true;

    /// <summary>The configuration keys that point a silo at these servers.</summary>
    public IReadOnlyDictionary<string, string?> Configuration => new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase)
    {
        ["Redis:Host"] = "127.0.0.1",
        ["Redis:Port"] = Redis.Port.ToString(CultureInfo.InvariantCulture),
        ["Postgres:ConnectionString"] = Postgres.ConnectionString(),
    };

    public static async Task<TestStoreServers> StartAsync()
    {
        // In parallel: initdb and pg_ctl take about a second, redis-server a few milliseconds.
        var redis = Task.Run(() => LocalRedisServer.Start("--appendonly", "yes", "--appendfsync", "always"));
        var postgres = Task.Run(() => LocalPostgresServer.Start());
        try
        {
            await Task.WhenAll(redis, postgres);
        }
        catch
        {
            if (redis.IsCompletedSuccessfully) redis.Result.Dispose();
            if (postgres.IsCompletedSuccessfully) postgres.Result.Dispose();
            throw;
        }
        return new TestStoreServers(redis.Result, postgres.Result);
    }

    /// <summary>Kills redis-server: every connection drops and new ones are refused until <see cref="StartRedis"/>.</summary>
    public void StopRedis()
    {
        lock (_lock)
        {
            Redis.Kill();
            RedisUp = false;
        }
    }

    /// <summary>Starts redis-server again on the same port; it reloads its append-only file.</summary>
    public void StartRedis()
    {
        lock (_lock)
        {
            Redis.Launch();
            RedisUp = true;
        }
    }

    /// <summary>Stops PostgreSQL at once (no checkpoint, connections cut).</summary>
    public void StopPostgres()
    {
        lock (_lock)
        {
            Postgres.Stop();
            PostgresUp = false;
        }
    }

    /// <summary>Starts PostgreSQL again on the same port and data directory; it recovers from its WAL.</summary>
    public void StartPostgres()
    {
        lock (_lock)
        {
            Postgres.Launch();
            PostgresUp = true;
        }
    }

    public void Dispose()
    {
        try
        {
            Postgres.Dispose();
        }
        finally
        {
            Redis.Dispose();
        }
    }
}
