using System.Globalization;
using GrainPipeline.Silo.Hosting;
using GrainPipeline.Stores.Local;

namespace GrainPipeline.Silo.Demo;

/// <summary>
/// The demo's own Redis and PostgreSQL when <c>--stores</c> needs them and no source names a server:
/// started on free 127.0.0.1 ports in temp directories, announced, and stopped and deleted on dispose
/// (the demo disposes them last, after the silo and the stores).
/// </summary>
internal sealed class PrivateStoreServers : IAsyncDisposable
{
    private LocalRedisServer? _redis;
    private LocalPostgresServer? _postgres;

    private PrivateStoreServers()
    {
    }

    public bool Any => _redis is not null || _postgres is not null;

    /// <summary>The redis-server this started, or null when a source named one.</summary>
    public LocalRedisServer? Redis => _redis;

    /// <summary>The PostgreSQL cluster this started, or null when a source named one.</summary>
    public LocalPostgresServer? Postgres => _postgres;

    /// <summary>
    /// Starts what the configured store kind needs and is not configured, and adds the servers'
    /// addresses to <paramref name="configuration"/> (the command line's keys, which win over files and environment).
    /// </summary>
    public static async Task<PrivateStoreServers> StartAsync(IDictionary<string, string?> configuration, TextWriter output, CancellationToken cancellation)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var merged = SiloConfiguration.Build(configuration);
        var kind = SiloConfiguration.StoreKindOf(merged);
        var servers = new PrivateStoreServers();
        var needRedis = kind.UsesRedis() && !SiloConfiguration.RedisEndpointGiven(merged);
        var needPostgres = kind.UsesPostgres() && !SiloConfiguration.PostgresConnectionGiven(merged);
        if (!needRedis && !needPostgres) return servers;
        RequireValidOtherwise(configuration, needRedis, needPostgres);
        try
        {
            // In parallel: initdb and pg_ctl take about a second, redis-server a few milliseconds.
            var redis = needRedis ? Task.Run<LocalRedisServer?>(() => LocalRedisServer.Start(), cancellation) : Task.FromResult<LocalRedisServer?>(null);
            var postgres = needPostgres ? Task.Run<LocalPostgresServer?>(() => LocalPostgresServer.Start(), cancellation) : Task.FromResult<LocalPostgresServer?>(null);
            try
            {
                await Task.WhenAll(redis, postgres);
            }
            finally
            {
                servers._redis = redis.IsCompletedSuccessfully ? redis.Result : null;
                servers._postgres = postgres.IsCompletedSuccessfully ? postgres.Result : null;
            }
            if (servers._redis is { } r)
            {
                configuration["Redis:Host"] = "127.0.0.1";
                configuration["Redis:Port"] = r.Port.ToString(CultureInfo.InvariantCulture);
                output.WriteLine($"private redis-server: {r.Endpoint} (pid {r.Pid}, dir {r.Directory}); stopped and removed at the end");
            }
            if (servers._postgres is { } p)
            {
                configuration["Postgres:ConnectionString"] = p.ConnectionString();
                output.WriteLine($"private PostgreSQL: \"{p.ConnectionString()}\" (fsync off, dir {p.Directory}); stopped and removed at the end");
            }
            return servers;
        }
        catch
        {
            await servers.DisposeAsync();
            throw;
        }
    }

    /// <summary>Fails on any other bad setting before a second is spent starting servers.</summary>
    private static void RequireValidOtherwise(IDictionary<string, string?> configuration, bool redis, bool postgres)
    {
        var probe = new Dictionary<string, string?>(configuration, StringComparer.OrdinalIgnoreCase);
        probe.TryAdd("Ingest:Bootstrap", "127.0.0.1:9092");
        if (redis)
        {
            probe["Redis:Host"] = "127.0.0.1";
            probe["Redis:Port"] = "6379";
        }
        if (postgres) probe["Postgres:ConnectionString"] = "Host=127.0.0.1";
        _ = SiloConfiguration.Load(probe);
    }

    public ValueTask DisposeAsync()
    {
        try
        {
            _postgres?.Dispose();
        }
        finally
        {
            _redis?.Dispose();
        }
        _postgres = null;
        _redis = null;
        return ValueTask.CompletedTask;
    }
}
