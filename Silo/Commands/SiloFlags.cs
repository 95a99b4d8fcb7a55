using System.CommandLine;
using System.Globalization;
using GrainPipeline.Silo.Hosting;

namespace GrainPipeline.Silo.Commands;

/// <summary>Flags shared by <c>demo</c>, <c>silo</c> and <c>bench</c>; each maps to a configuration key so flags win over files and environment.</summary>
internal sealed class SiloFlags
{
    public Option<double?> IdleTimeoutSeconds { get; } = new("--idle-timeout") { Description = "Deactivate a grain after this many idle seconds (Runtime:IdleTimeout; default 120)" };
    public Option<int?> MaxActivations { get; } = new("--max-activations") { Description = "Hard cap on live grain activations (Runtime:MaxActivations; default 100000)" };
    public Option<int?> MaxInFlightMessages { get; } = new("--max-inflight-messages") { Description = "Ingest budget: events in flight (Ingest:MaxInFlightMessages; default 512)" };
    public Option<long?> MaxInFlightBytes { get; } = new("--max-inflight-bytes") { Description = "Ingest budget: bytes in flight (Ingest:MaxInFlightBytes; default 33554432)" };
    public Option<int?> DashboardPort { get; } = new("--dashboard-port") { Description = "Dashboard, /metrics, /healthz and /readyz on this port (Dashboard:Port; default 8080; 0 = any free port)" };
    public Option<bool> NoDashboard { get; } = new("--no-dashboard") { Description = "Serve no dashboard and no /metrics, /healthz, /readyz (Dashboard:Enabled=false)" };
    public Option<int> StoreLatencyMs { get; } = new("--store-latency-ms") { Description = "Add this latency to every in-memory store call, to make backpressure visible", DefaultValueFactory = _ => 0 };

    public Option<string?> Stores { get; } = CreateStoresOption();

    public Option<string?> Redis { get; } = new("--redis")
    {
        Description = "Redis server for --stores redis-postgres: host:port or redis://[[user]:password@]host[:port][/db] (rediss:// for TLS); sets Redis:Host, Redis:Port, …",
        HelpName = "connection",
    };

    public Option<string?> Postgres { get; } = new("--postgres")
    {
        Description = "PostgreSQL connection string for --stores redis-postgres|postgres, e.g. \"Host=db;Username=pipeline;Password=…;Database=pipeline\" (Postgres:ConnectionString)",
        HelpName = "connection string",
    };

    private static Option<string?> CreateStoresOption()
    {
        var option = new Option<string?>("--stores")
        {
            Description = "Which stores back the pipeline (Silo:Stores): memory (default; in this process, one silo only), " +
                          "redis-postgres (Redis: stats buffer, weekly visitors, grain state, reminders; PostgreSQL: the rest), postgres (PostgreSQL for everything)",
            HelpName = "kind",
        };
        option.AcceptOnlyFromAmong(StoreKinds.Names);
        return option;
    }

    public void AddTo(Command command)
    {
        command.Options.Add(IdleTimeoutSeconds);
        command.Options.Add(MaxActivations);
        command.Options.Add(MaxInFlightMessages);
        command.Options.Add(MaxInFlightBytes);
        command.Options.Add(StoreLatencyMs);
        command.Options.Add(DashboardPort);
        command.Options.Add(NoDashboard);
        command.Options.Add(Stores);
        command.Options.Add(Redis);
        command.Options.Add(Postgres);
    }

    /// <summary>Configuration keys for the flags that were given.</summary>
    public Dictionary<string, string?> ToConfiguration(ParseResult parse)
    {
        var keys = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        if (parse.GetValue(IdleTimeoutSeconds) is { } idle) keys["Runtime:IdleTimeout"] = TimeSpan.FromSeconds(idle).ToString("c", CultureInfo.InvariantCulture);
        if (parse.GetValue(MaxActivations) is { } cap) keys["Runtime:MaxActivations"] = cap.ToString(CultureInfo.InvariantCulture);
        if (parse.GetValue(MaxInFlightMessages) is { } messages) keys["Ingest:MaxInFlightMessages"] = messages.ToString(CultureInfo.InvariantCulture);
        if (parse.GetValue(MaxInFlightBytes) is { } bytes) keys["Ingest:MaxInFlightBytes"] = bytes.ToString(CultureInfo.InvariantCulture);
        if (parse.GetValue(DashboardPort) is { } port) keys["Dashboard:Port"] = port.ToString(CultureInfo.InvariantCulture);
        if (parse.GetValue(NoDashboard)) keys["Dashboard:Enabled"] = "false";
        if (parse.GetValue(Stores) is { Length: > 0 } stores) keys["Silo:Stores"] = stores;
        if (parse.GetValue(Redis) is { Length: > 0 } redis)
        {
            foreach (var (key, value) in RedisEndpoint.ToConfiguration(redis)) keys[key] = value;
        }
        if (parse.GetValue(Postgres) is { Length: > 0 } postgres) keys["Postgres:ConnectionString"] = postgres;
        return keys;
    }

    public TimeSpan StoreLatency(ParseResult parse)
    {
        var ms = parse.GetValue(StoreLatencyMs);
        if (ms < 0) throw new ArgumentOutOfRangeException(nameof(parse), ms, "--store-latency-ms must not be negative");
        return TimeSpan.FromMilliseconds(ms);
    }
}
