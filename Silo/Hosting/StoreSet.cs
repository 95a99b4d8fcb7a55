using GrainPipeline.Runtime.Storage;
using GrainPipeline.Runtime.Timers;
using GrainPipeline.Stores.Abstractions;
using GrainPipeline.Stores.Memory;
using GrainPipeline.Stores.Postgres.Hosting;
using GrainPipeline.Stores.Redis.Hosting;

namespace GrainPipeline.Silo.Hosting;

/// <summary>
/// Every store a silo writes to, chosen once by the composition root (<see cref="StoreSets.OpenAsync"/>).
/// It owns the shared clients behind the ports (the Redis connection, the PostgreSQL data source and
/// its write batchers): dispose it only after every silo using it has stopped, so the grains' final
/// flush and state writes still reach the stores.
/// </summary>
public sealed record StoreSet(
    IEventStore Events,
    IAdLeadStore AdLeads,
    IAttributionStore Attributions,
    ICustomerStore Customers,
    IWeeklyVisitorStore WeeklyVisitors,
    IProductStatsBuffer StatsBuffer,
    IProductStatsStore ProductStats,
    IGrainStorage GrainStorage,
    IReminderTable Reminders) : IAsyncDisposable
{
    private int _disposed;

    public StoreKind Kind { get; init; } = StoreKind.Memory;

    /// <summary>The Redis adapters and their connection, when Redis backs some ports.</summary>
    public RedisStores? Redis { get; init; }

    /// <summary>The PostgreSQL adapters, their data source and batchers, when PostgreSQL backs some ports.</summary>
    public PostgresStores? Postgres { get; init; }

    /// <summary>The embedded default: everything in this process, optionally slowed down to show backpressure.</summary>
    public static StoreSet InMemory(TimeSpan storeLatency = default)
    {
        var latency = new SimulatedLatency(storeLatency);
        return new StoreSet(new MemoryEventStore(latency), new MemoryAdLeadStore(latency), new MemoryAttributionStore(latency),
            new MemoryCustomerStore(latency), new MemoryWeeklyVisitorStore(latency), new MemoryProductStatsBuffer(latency),
            new MemoryProductStatsStore(latency), new MemoryGrainStorage(), new MemoryReminderTable());
    }

    /// <summary>
    /// Redis for the stats buffer, weekly visitors, grain state (Lua compare-and-set ETags) and reminders;
    /// PostgreSQL for events, ad leads, attributions, customers and product_stats.
    /// </summary>
    public static StoreSet RedisPostgres(RedisStores redis, PostgresStores postgres)
    {
        ArgumentNullException.ThrowIfNull(redis);
        ArgumentNullException.ThrowIfNull(postgres);
        return new StoreSet(postgres.Events, postgres.AdLeads, postgres.Attributions, postgres.Customers, redis.WeeklyVisitors,
            redis.StatsBuffer, postgres.ProductStats, redis.GrainStorage, redis.Reminders)
        {
            Kind = StoreKind.RedisPostgres,
            Redis = redis,
            Postgres = postgres,
        };
    }

    /// <summary>PostgreSQL for every port, the stats buffer, grain state and reminders included.</summary>
    public static StoreSet PostgresOnly(PostgresStores postgres)
    {
        ArgumentNullException.ThrowIfNull(postgres);
        return new StoreSet(postgres.Events, postgres.AdLeads, postgres.Attributions, postgres.Customers, postgres.WeeklyVisitors,
            postgres.StatsBuffer, postgres.ProductStats, postgres.GrainStorage, postgres.Reminders)
        {
            Kind = StoreKind.Postgres,
            Postgres = postgres,
        };
    }

    /// <summary>What the batched and pipelined writes did so far, for summaries and benchmarks.</summary>
    public StoreWriteStatistics WriteStatistics() => StoreWriteStatistics.Of(this);

    /// <summary>
    /// Writes what the PostgreSQL batchers still hold and closes the data source, then lets queued Redis
    /// commands finish and closes the connection. The in-memory stores hold nothing to release.
    /// </summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0) return;
        try
        {
            if (Postgres is not null) await Postgres.DisposeAsync();
        }
        finally
        {
            if (Redis is not null) await Redis.DisposeAsync();
        }
    }
}
