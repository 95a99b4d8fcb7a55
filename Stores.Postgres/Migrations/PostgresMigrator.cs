using Npgsql;

namespace GrainPipeline.Stores.Postgres.Migrations;

/// <summary>
/// Brings the schema up to date at start. Idempotent: the applied versions are recorded in
/// <c>gp_schema_version</c>; only newer steps run, all in one transaction under an advisory lock, so
/// silos starting together neither race nor leave a half-made schema.
/// </summary>
public static class PostgresMigrator
{
    /// <summary>Any constant works; it only has to be the same in every silo.</summary>
    private const long LockKey = 0x67705f6d6967; // "gp_mig"

    /// <summary>Applies what is missing; returns the versions applied now (empty when up to date).</summary>
    public static async Task<IReadOnlyList<int>> MigrateAsync(NpgsqlDataSource dataSource, CancellationToken cancellation)
    {
        ArgumentNullException.ThrowIfNull(dataSource);
        await using var connection = await dataSource.OpenConnectionAsync(cancellation);
        await using var transaction = await connection.BeginTransactionAsync(cancellation);
        await ExecuteAsync(connection, $"SELECT pg_advisory_xact_lock({LockKey})", cancellation);
        await ExecuteAsync(connection, """
            CREATE TABLE IF NOT EXISTS gp_schema_version (
                version     integer     PRIMARY KEY,
                description text        NOT NULL,
                applied_at  timestamptz NOT NULL DEFAULT now()
            )
            """, cancellation);
        int current;
        await using (var read = new NpgsqlCommand("SELECT coalesce(max(version), 0) FROM gp_schema_version", connection))
            current = Convert.ToInt32(await read.ExecuteScalarAsync(cancellation), System.Globalization.CultureInfo.InvariantCulture);

        var applied = new List<int>();
        foreach (var migration in Schema.Migrations.Where(m => m.Version > current).OrderBy(m => m.Version))
        {
            await ExecuteAsync(connection, migration.Sql, cancellation);
            await using var record = new NpgsqlCommand("INSERT INTO gp_schema_version (version, description) VALUES ($1, $2)", connection);
            record.Parameters.Add(new NpgsqlParameter { Value = migration.Version });
            record.Parameters.Add(new NpgsqlParameter { Value = migration.Description });
            await record.ExecuteNonQueryAsync(cancellation);
            applied.Add(migration.Version);
        }
        await transaction.CommitAsync(cancellation);
        return applied;
    }

    /// <summary>The highest applied version (0 for an empty database).</summary>
    public static async Task<int> CurrentVersionAsync(NpgsqlDataSource dataSource, CancellationToken cancellation)
    {
        ArgumentNullException.ThrowIfNull(dataSource);
        await using (var exists = dataSource.CreateCommand("SELECT to_regclass('gp_schema_version') IS NOT NULL"))
        {
            if (!(bool)(await exists.ExecuteScalarAsync(cancellation))!) return 0;
        }
        await using var command = dataSource.CreateCommand("SELECT coalesce(max(version), 0) FROM gp_schema_version");
        return Convert.ToInt32(await command.ExecuteScalarAsync(cancellation), System.Globalization.CultureInfo.InvariantCulture);
    }

    private static async Task ExecuteAsync(NpgsqlConnection connection, string sql, CancellationToken cancellation)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync(cancellation);
    }
}
