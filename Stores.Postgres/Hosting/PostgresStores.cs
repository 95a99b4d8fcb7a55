using GrainPipeline.Runtime.Storage;
using GrainPipeline.Runtime.Timers;
using GrainPipeline.Stores.Abstractions;
using GrainPipeline.Stores.Postgres.Batching;
using GrainPipeline.Stores.Postgres.Migrations;
using GrainPipeline.Stores.Postgres.Options;
using GrainPipeline.Stores.Postgres.Storage;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace GrainPipeline.Stores.Postgres.Hosting;

/// <summary>
/// The PostgreSQL adapters of one silo over its one <see cref="NpgsqlDataSource"/>. Made once by the
/// composition root with <see cref="StartAsync"/>; disposing it writes what the batchers still hold
/// (bounded by twice the command timeout), then closes the data source.
/// </summary>
public sealed class PostgresStores : IAsyncDisposable
{
    private readonly EventWriteBatcher _eventWrites;
    private readonly CustomerWriteBatcher _customerWrites;
    private readonly WeeklyVisitorWriteBatcher _visitorWrites;
    private readonly AdLeadWriteBatcher _adLeadWrites;
    private readonly AttributionWriteBatcher _attributionWrites;
    private readonly StatsIncrementWriteBatcher _statsIncrements;

    private PostgresStores(PostgresContext context)
    {
        Context = context;
        _eventWrites = new EventWriteBatcher(context);
        _customerWrites = new CustomerWriteBatcher(context);
        _visitorWrites = new WeeklyVisitorWriteBatcher(context);
        _adLeadWrites = new AdLeadWriteBatcher(context);
        _attributionWrites = new AttributionWriteBatcher(context);
        _statsIncrements = new StatsIncrementWriteBatcher(context);
        Events = new PostgresEventStore(context, _eventWrites);
        AdLeads = new PostgresAdLeadStore(context, _adLeadWrites);
        Attributions = new PostgresAttributionStore(context, _attributionWrites);
        Customers = new PostgresCustomerStore(context, _customerWrites);
        WeeklyVisitors = new PostgresWeeklyVisitorStore(context, _visitorWrites);
        ProductStats = new PostgresProductStatsStore(context);
        StatsBuffer = new PostgresProductStatsBuffer(context, _statsIncrements);
        GrainStorage = new PostgresGrainStorage(context);
        Reminders = new PostgresReminderTable(context);
    }

    public PostgresContext Context { get; }

    public IEventStore Events { get; }

    public PostgresAdLeadStore AdLeads { get; }

    public PostgresAttributionStore Attributions { get; }

    public ICustomerStore Customers { get; }

    public IWeeklyVisitorStore WeeklyVisitors { get; }

    public PostgresProductStatsStore ProductStats { get; }

    /// <summary>The stats buffer in PostgreSQL, for deployments without Redis (the Redis buffer is faster).</summary>
    public PostgresProductStatsBuffer StatsBuffer { get; }

    public IGrainStorage GrainStorage { get; }

    public IReminderTable Reminders { get; }

    /// <summary>The events batcher for metrics: rows written, statements, rows queued (Rows / Batches = mean batch).</summary>
    public (long Rows, long Batches, int Queued) EventWrites => (_eventWrites.Rows, _eventWrites.Batches, _eventWrites.Queued);

    /// <summary>The customers batcher for metrics.</summary>
    public (long Rows, long Batches, int Queued) CustomerWrites => (_customerWrites.Rows, _customerWrites.Batches, _customerWrites.Queued);

    /// <summary>The weekly visitors batcher for metrics.</summary>
    public (long Rows, long Batches, int Queued) VisitorWrites => (_visitorWrites.Rows, _visitorWrites.Batches, _visitorWrites.Queued);

    /// <summary>The ad leads batcher for metrics.</summary>
    public (long Rows, long Batches, int Queued) AdLeadWrites => (_adLeadWrites.Rows, _adLeadWrites.Batches, _adLeadWrites.Queued);

    /// <summary>The stats buffer's increments batcher for metrics (rows are events; used only where the buffer is PostgreSQL's).</summary>
    public (long Rows, long Batches, int Queued) StatsIncrements => (_statsIncrements.Rows, _statsIncrements.Batches, _statsIncrements.Queued);

    /// <summary>
    /// Validates the options (throwing <see cref="GrainPipeline.Runtime.Configuration.OptionsValidationException"/>
    /// naming each bad setting), makes the data source, runs the migrations when <c>Postgres:MigrateOnStart</c>
    /// (an unreachable server throws <see cref="StoreUnavailableException"/>) and starts the batchers.
    /// </summary>
    public static async Task<PostgresStores> StartAsync(PostgresOptions options, ILoggerFactory? loggers = null, CancellationToken cancellation = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        PostgresOptionsValidator.ThrowIfInvalid(options);
        var dataSource = CreateDataSource(options, loggers);
        try
        {
            if (options.MigrateOnStart)
            {
                using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellation);
                deadline.CancelAfter(options.CommandTimeout * 3);
                try
                {
                    await PostgresMigrator.MigrateAsync(dataSource, deadline.Token);
                }
                catch (Exception e) when (PostgresErrors.IsOutage(e) && !cancellation.IsCancellationRequested)
                {
                    throw new StoreUnavailableException($"PostgreSQL migrations could not run: {e.Message}", e);
                }
            }
            return new PostgresStores(new PostgresContext(dataSource, options, loggers?.CreateLogger<PostgresContext>()));
        }
        catch
        {
            await dataSource.DisposeAsync();
            throw;
        }
    }

    /// <summary>The silo's one data source: pool size, connect and command timeouts, and auto-prepared hot statements.</summary>
    public static NpgsqlDataSource CreateDataSource(PostgresOptions options, ILoggerFactory? loggers = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        var connection = new NpgsqlConnectionStringBuilder(options.ConnectionString)
        {
            Timeout = Seconds(options.ConnectTimeout),
            CommandTimeout = Seconds(options.CommandTimeout),
            MaxPoolSize = options.MaxPoolSize,
            MaxAutoPrepare = 64,
            AutoPrepareMinUsages = 2,
        };
        if (string.IsNullOrEmpty(connection.ApplicationName)) connection.ApplicationName = "grain-pipeline";
        // Returning a pooled connection otherwise costs the server seven reset statements (RESET ALL,
        // DISCARD SEQUENCES, UNLISTEN *, …) per command: 21k resets, 146k statements, for 100k events.
        // The adapters leave no session state behind (advisory locks are transaction-scoped), so
        // there is nothing to reset; an explicit "No Reset On Close" in the connection string wins.
        if (!options.ConnectionString.Contains("Reset On Close", StringComparison.OrdinalIgnoreCase)) connection.NoResetOnClose = true;
        var builder = new NpgsqlDataSourceBuilder(connection.ConnectionString);
        if (loggers is not null) builder.UseLoggerFactory(loggers);
        return builder.Build();
    }

    public async ValueTask DisposeAsync()
    {
        await _eventWrites.DisposeAsync();
        await _customerWrites.DisposeAsync();
        await _visitorWrites.DisposeAsync();
        await _adLeadWrites.DisposeAsync();
        await _attributionWrites.DisposeAsync();
        await _statsIncrements.DisposeAsync();
        await Context.DataSource.DisposeAsync();
    }

    private static int Seconds(TimeSpan value) => Math.Max(1, (int)Math.Ceiling(value.TotalSeconds));
}
