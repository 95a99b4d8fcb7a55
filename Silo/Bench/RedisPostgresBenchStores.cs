using System.Globalization;
using GrainPipeline.Silo.Demo;
using GrainPipeline.Silo.Hosting;
using GrainPipeline.Stores.Redis.Resp;
using Npgsql;

namespace GrainPipeline.Silo.Bench;

/// <summary>
/// Redis and PostgreSQL for the bench's redis-postgres phase: the servers named by <c>--redis</c> /
/// <c>--postgres</c> (or the Redis and Postgres configuration sections), else private ones started like
/// the demo's. Each silo run gets its own PostgreSQL database and its own Redis key prefix. Private
/// servers are stopped and deleted on dispose; on given servers the bench drops the databases and
/// deletes the keys it made.
/// </summary>
internal sealed class RedisPostgresBenchStores : IBenchStores, IAsyncDisposable
{
    /// <summary>/proc reports process times in USER_HZ, which is 100 on every Linux ABI .NET runs on.</summary>
    private const double ClockTicksPerSecond = 100;

    private readonly PrivateStoreServers _servers;
    private readonly IReadOnlyDictionary<string, string?> _configuration;
    private readonly PipelineSiloOptions _options;
    private readonly IReadOnlyDictionary<string, string> _environment;
    private readonly TextWriter _output;
    private readonly string _tag = Guid.NewGuid().ToString("N")[..8];
    private readonly Dictionary<string, (string Database, string KeyPrefix)> _runs = [];

    private RedisPostgresBenchStores(PrivateStoreServers servers, IReadOnlyDictionary<string, string?> configuration, PipelineSiloOptions options,
        IReadOnlyDictionary<string, string> environment, TextWriter output)
    {
        _servers = servers;
        _configuration = configuration;
        _options = options;
        _environment = environment;
        _output = output;
    }

    public string Kind => StoreKinds.RedisPostgres;

    /// <summary>True when the bench started the servers (and can read their CPU time).</summary>
    public bool PrivateServers => _servers.Redis is not null && _servers.Postgres is not null;

    /// <param name="flags">The bench's <c>--redis</c>/<c>--postgres</c> as configuration keys (may be empty).</param>
    /// <param name="environment">What every silo child gets besides the store settings.</param>
    public static async Task<RedisPostgresBenchStores> StartAsync(IReadOnlyDictionary<string, string?> flags, IReadOnlyDictionary<string, string> environment,
        TextWriter output, CancellationToken cancellation)
    {
        var configuration = new Dictionary<string, string?>(flags, StringComparer.OrdinalIgnoreCase) { ["Silo:Stores"] = StoreKinds.RedisPostgres };
        var servers = await PrivateStoreServers.StartAsync(configuration, output, cancellation);
        try
        {
            var probe = new Dictionary<string, string?>(configuration, StringComparer.OrdinalIgnoreCase) { ["Ingest:Bootstrap"] = "127.0.0.1:9092" };
            var options = SiloConfiguration.Load(probe);
            return new RedisPostgresBenchStores(servers, configuration, options, environment, output);
        }
        catch
        {
            await servers.DisposeAsync();
            throw;
        }
    }

    public async Task<SiloLaunch> PrepareAsync(string run, CancellationToken cancellation)
    {
        var database = $"gp_bench_{_tag}_{run.Replace('-', '_')}";
        await using (var admin = NpgsqlDataSource.Create(_options.Postgres.ConnectionString))
        {
            await using var create = admin.CreateCommand($"CREATE DATABASE \"{database}\"");
            await create.ExecuteNonQueryAsync(cancellation);
        }
        var keyPrefix = $"{_options.Redis.KeyPrefix}bench-{_tag}-{run}:";
        _runs[run] = (database, keyPrefix);

        // The child reads the same appsettings and inherits this environment; these variables stand for
        // the bench's own flags (and the private servers' addresses), so they win as the flags would.
        var environment = new Dictionary<string, string>(_environment);
        foreach (var (key, value) in _configuration)
        {
            if (value is not null) environment[key.Replace(":", "__", StringComparison.Ordinal)] = value;
        }
        environment["Postgres__ConnectionString"] = RunConnectionString(database);
        environment["Redis__KeyPrefix"] = keyPrefix;
        return new SiloLaunch($"--stores {StoreKinds.RedisPostgres} --no-dashboard", environment);
    }

    public async Task<long?> CountEventRowsAsync(string run, CancellationToken cancellation)
    {
        await using var data = NpgsqlDataSource.Create(RunConnectionString(_runs[run].Database));
        await using var count = data.CreateCommand("SELECT count(*) FROM events");
        return (long)(await count.ExecuteScalarAsync(cancellation))!;
    }

    public double? ServerCpuSeconds()
    {
        if (_servers.Redis is not { } redis || _servers.Postgres is not { } postgres) return null;
        var pidFile = Path.Combine(postgres.Directory, "data", "postmaster.pid");
        if (!File.Exists(pidFile)) return null;
        var postmaster = int.Parse(File.ReadLines(pidFile).First().Trim(), CultureInfo.InvariantCulture);
        // The postmaster's cutime/cstime hold its exited backends; the live ones (checkpointer, walwriter,
        // any open session) are added one by one.
        var postgresTicks = Ticks(postmaster, children: true);
        foreach (var process in Directory.EnumerateDirectories("/proc"))
        {
            if (int.TryParse(Path.GetFileName(process), out var pid) && ParentOf(pid) == postmaster) postgresTicks += Ticks(pid, children: false);
        }
        return (postgresTicks + Ticks(redis.Pid, children: true)) / ClockTicksPerSecond;
    }

    private string RunConnectionString(string database) =>
        new NpgsqlConnectionStringBuilder(_options.Postgres.ConnectionString) { Database = database }.ConnectionString;

    /// <summary>Fields after the command name in /proc/PID/stat: [0] state, [1] ppid, [11] utime, [12] stime, [13] cutime, [14] cstime.</summary>
    private static string[]? StatFields(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid.ToString(CultureInfo.InvariantCulture)}/stat");
            return stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        }
        catch (IOException)
        {
            return null; // Gone in the meantime.
        }
        catch (UnauthorizedAccessException)
        {
            return null;
        }
    }

    private static int ParentOf(int pid) => StatFields(pid) is { } f ? int.Parse(f[1], CultureInfo.InvariantCulture) : 0;

    private static long Ticks(int pid, bool children)
    {
        if (StatFields(pid) is not { } f) return 0;
        var own = long.Parse(f[11], CultureInfo.InvariantCulture) + long.Parse(f[12], CultureInfo.InvariantCulture);
        return children ? own + long.Parse(f[13], CultureInfo.InvariantCulture) + long.Parse(f[14], CultureInfo.InvariantCulture) : own;
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (_servers.Postgres is null) await DropDatabasesAsync();
            if (_servers.Redis is null) await DeleteKeysAsync();
        }
        finally
        {
            await _servers.DisposeAsync();
        }
    }

    /// <summary>On a given server: drops the databases this bench created (best effort, said aloud when it fails).</summary>
    private async Task DropDatabasesAsync()
    {
        if (_runs.Count == 0) return;
        try
        {
            await using var admin = NpgsqlDataSource.Create(_options.Postgres.ConnectionString);
            foreach (var (database, _) in _runs.Values)
            {
                await using var drop = admin.CreateCommand($"DROP DATABASE IF EXISTS \"{database}\" WITH (FORCE)");
                await drop.ExecuteNonQueryAsync();
            }
        }
        catch (NpgsqlException e)
        {
            await _output.WriteLineAsync($"bench: could not drop the bench databases gp_bench_{_tag}_*: {e.Message}");
        }
    }

    /// <summary>On a given server: deletes the keys under this bench's run prefixes.</summary>
    private async Task DeleteKeysAsync()
    {
        if (_runs.Count == 0) return;
        try
        {
            await using var redis = await RedisConnection.ConnectAsync(_options.Redis);
            using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
            foreach (var (_, prefix) in _runs.Values)
            {
                var page = await redis.ScanAsync(0, prefix + "*", 1000, timeout.Token);
                while (true)
                {
                    var keys = page.Items.Select(k => k.AsString()).OfType<string>().ToList();
                    if (keys.Count > 0) await redis.DeleteAsync(keys, timeout.Token);
                    if (page.IsLast) break;
                    page = await redis.ScanAsync(page.Cursor, prefix + "*", 1000, timeout.Token);
                }
            }
        }
        catch (Exception e) when (e is IOException or OperationCanceledException or RedisServerException or GrainPipeline.Stores.Abstractions.StoreUnavailableException)
        {
            await _output.WriteLineAsync($"bench: could not delete the bench's Redis keys ({_options.Redis.KeyPrefix}bench-{_tag}-*): {e.Message}");
        }
    }
}
