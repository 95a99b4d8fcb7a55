namespace GrainPipeline.Silo.Hosting;

/// <summary>Which adapters back the store ports (<c>Silo:Stores</c>, flag <c>--stores</c>).</summary>
public enum StoreKind
{
    /// <summary>Everything in this process: the embedded default, for one silo only.</summary>
    Memory,

    /// <summary>
    /// Redis holds the stats buffer, weekly visitors, grain state and reminders; PostgreSQL holds events,
    /// ad leads, attributions, customers and product_stats.
    /// </summary>
    RedisPostgres,

    /// <summary>PostgreSQL holds everything, the stats buffer, grain state and reminders included.</summary>
    Postgres,
}

/// <summary>The names <see cref="StoreKind"/> has on the command line and in configuration.</summary>
public static class StoreKinds
{
    public const string Memory = "memory";
    public const string RedisPostgres = "redis-postgres";
    public const string Postgres = "postgres";

    public static readonly string[] Names = [Memory, RedisPostgres, Postgres];

    public static bool TryParse(string? text, out StoreKind kind)
    {
        switch (text?.Trim().ToLowerInvariant())
        {
            case Memory:
                kind = StoreKind.Memory;
                return true;
            case RedisPostgres:
                kind = StoreKind.RedisPostgres;
                return true;
            case Postgres:
                kind = StoreKind.Postgres;
                return true;
            default:
                kind = StoreKind.Memory;
                return false;
        }
    }

    public static string Name(this StoreKind kind) => kind switch
    {
        StoreKind.RedisPostgres => RedisPostgres,
        StoreKind.Postgres => Postgres,
        _ => Memory,
    };

    public static bool UsesRedis(this StoreKind kind) => kind == StoreKind.RedisPostgres;

    public static bool UsesPostgres(this StoreKind kind) => kind is StoreKind.RedisPostgres or StoreKind.Postgres;
}
