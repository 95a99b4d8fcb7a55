namespace GrainPipeline.Stores.Postgres.Options;

/// <summary>PostgreSQL settings (section <c>Postgres</c>); checked by <see cref="PostgresOptionsValidator"/>.</summary>
public sealed class PostgresOptions
{
    public const string Section = "Postgres";
    public const int DefaultWriteBatchSize = 500;
    public const int DefaultWriteQueueCapacity = 8192;
    public const int DefaultWriteConcurrency = 2;
    public const int DefaultMaxPoolSize = 32;
    public const int DefaultReadPageSize = 1000;

    /// <summary>Tables written through a write batcher: events, customers, weekly visitors, ad leads, attributions.</summary>
    public const int BatchedTables = 5;

    /// <summary>Npgsql connection string (host, port, database, user, password, SSL mode…).</summary>
    public string ConnectionString { get; set; } = "";

    /// <summary>Opening a connection fails after this.</summary>
    public TimeSpan ConnectTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Each statement (and each adapter call, on top of the caller's token) fails after this.</summary>
    public TimeSpan CommandTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Connections the silo's one data source may hold.</summary>
    public int MaxPoolSize { get; set; } = DefaultMaxPoolSize;

    /// <summary>Run the schema migrations when the stores start.</summary>
    public bool MigrateOnStart { get; set; } = true;

    /// <summary>Rows per batched statement (events, customers, weekly visitors) at most.</summary>
    public int WriteBatchSize { get; set; } = DefaultWriteBatchSize;

    /// <summary>After the first row of a batch, wait up to this long for more before writing (0 = write at once).</summary>
    public TimeSpan WriteBatchLinger { get; set; } = TimeSpan.FromMilliseconds(2);

    /// <summary>
    /// Writes waiting, per batched table, at most; callers beyond wait with their token. A write is a
    /// row, or on the events table a visitor's group of rows sharing a turn (at most
    /// Runtime:MaxCallsPerTurn); the events behind them are bounded by the ingest budget as well.
    /// </summary>
    public int WriteQueueCapacity { get; set; } = DefaultWriteQueueCapacity;

    /// <summary>Batched statements in flight at once, per batched table.</summary>
    public int WriteConcurrency { get; set; } = DefaultWriteConcurrency;

    /// <summary>Applied product-stat batch ids are kept this long (a replayed batch older than this would count twice).</summary>
    public TimeSpan AppliedBatchRetention { get; set; } = TimeSpan.FromDays(7);

    /// <summary>
    /// How long the stats buffer remembers that an event's product stats were added (one
    /// <c>product_stats_applied</c> row per event); a redelivery older than this would add them twice.
    /// </summary>
    public TimeSpan StatsAppliedRetention { get; set; } = TimeSpan.FromDays(1);

    /// <summary>Rows per page when reading whole tables (product_stats for verification).</summary>
    public int ReadPageSize { get; set; } = DefaultReadPageSize;

    /// <summary>
    /// Upper bound of memory the write queues can hold, for the start-up memory check: every batched
    /// table with a full queue plus the batches in flight, each row counted at an event's size, and
    /// the stats buffer's increments too when <paramref name="statsBuffer"/> (the buffer is PostgreSQL's).
    /// </summary>
    public long ExpectedQueueBytes(bool statsBuffer, int averageEventBytes = 1024) =>
        (BatchedTables + (statsBuffer ? 1 : 0)) * (WriteQueueCapacity + ((long)WriteConcurrency * WriteBatchSize)) * (averageEventBytes + 256);
}
