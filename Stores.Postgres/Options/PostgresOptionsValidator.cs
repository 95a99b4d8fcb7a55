using Npgsql;

namespace GrainPipeline.Stores.Postgres.Options;

/// <summary>Checks <see cref="PostgresOptions"/> before start; each message names the setting.</summary>
public static class PostgresOptionsValidator
{
    public static IEnumerable<string> Validate(PostgresOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        const string S = PostgresOptions.Section;
        if (string.IsNullOrWhiteSpace(options.ConnectionString))
        {
            yield return $"{S}:ConnectionString must be set (e.g. Host=db;Username=pipeline;Password=…;Database=pipeline).";
        }
        else
        {
            string? problem = null;
            try
            {
                _ = new NpgsqlConnectionStringBuilder(options.ConnectionString);
            }
            catch (ArgumentException e)
            {
                problem = e.Message;
            }
            if (problem is not null) yield return $"{S}:ConnectionString is not a valid connection string: {problem}";
        }
        if (options.ConnectTimeout < TimeSpan.FromSeconds(1)) yield return $"{S}:ConnectTimeout must be at least 1 s (got {options.ConnectTimeout}).";
        if (options.CommandTimeout < TimeSpan.FromSeconds(1)) yield return $"{S}:CommandTimeout must be at least 1 s (got {options.CommandTimeout}).";
        if (options.MaxPoolSize is < 2 or > 1000) yield return $"{S}:MaxPoolSize must be between 2 and 1000 (got {options.MaxPoolSize}).";
        if (options.WriteBatchSize is < 1 or > 10_000) yield return $"{S}:WriteBatchSize must be between 1 and 10000 (got {options.WriteBatchSize}).";
        if (options.WriteBatchLinger < TimeSpan.Zero || options.WriteBatchLinger > TimeSpan.FromSeconds(1))
            yield return $"{S}:WriteBatchLinger must be between 0 and 1 s (got {options.WriteBatchLinger}).";
        if (options.WriteQueueCapacity < 1 || options.WriteQueueCapacity > 1_000_000)
            yield return $"{S}:WriteQueueCapacity must be between 1 and 1000000 (got {options.WriteQueueCapacity}).";
        if (options.WriteConcurrency is < 1 or > 64) yield return $"{S}:WriteConcurrency must be between 1 and 64 (got {options.WriteConcurrency}).";
        if (options.WriteConcurrency * PostgresOptions.BatchedTables + 2 > options.MaxPoolSize)
            yield return $"{S}:MaxPoolSize ({options.MaxPoolSize}) must leave room for {PostgresOptions.BatchedTables} batched tables × {S}:WriteConcurrency ({options.WriteConcurrency}) plus 2 other connections.";
        if (options.AppliedBatchRetention < TimeSpan.FromHours(1)) yield return $"{S}:AppliedBatchRetention must be at least 1 hour (got {options.AppliedBatchRetention}).";
        if (options.StatsAppliedRetention < TimeSpan.FromMinutes(10)) yield return $"{S}:StatsAppliedRetention must be at least 10 minutes, longer than any redelivery (got {options.StatsAppliedRetention}).";
        if (options.ReadPageSize is < 1 or > 100_000) yield return $"{S}:ReadPageSize must be between 1 and 100000 (got {options.ReadPageSize}).";
    }

    public static void ThrowIfInvalid(PostgresOptions options) =>
        GrainPipeline.Runtime.Configuration.OptionsValidationException.ThrowIfAny(Validate(options));
}
