using GrainPipeline.Stores.Postgres.Storage;

namespace GrainPipeline.Stores.Postgres.Batching;

/// <summary>A <see cref="WriteBatcher{TItem, TResult}"/> over the silo's data source, with PostgreSQL's error rules.</summary>
public abstract class PostgresWriteBatcher<TItem, TResult>(string name, PostgresContext context)
    : WriteBatcher<TItem, TResult>(name, SettingsFrom(context))
{
    protected PostgresContext Context => context;

    protected override bool IsOutage(Exception error) => PostgresErrors.IsOutage(error);

    protected override Exception Translate(Exception error) => PostgresErrors.Translate(error, $"write of {Name}");

    private static WriteBatcherSettings SettingsFrom(PostgresContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var o = context.Options;
        return new WriteBatcherSettings(o.WriteBatchSize, o.WriteBatchLinger, o.WriteQueueCapacity, o.WriteConcurrency, o.CommandTimeout, o.CommandTimeout * 2);
    }
}
