using GrainPipeline.Stores.Postgres.Options;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace GrainPipeline.Stores.Postgres.Storage;

/// <summary>
/// What every PostgreSQL adapter shares: the silo's one data source and the options. <see cref="RunAsync{T, TState}"/>
/// bounds a call by <c>Postgres:CommandTimeout</c> on top of the caller's token (our bound firing
/// surfaces as a timeout outage, not as a cancellation the caller never asked for) and translates
/// failures (<see cref="PostgresErrors"/>).
/// </summary>
public sealed partial class PostgresContext(NpgsqlDataSource dataSource, PostgresOptions options, ILogger? logger = null)
{
    private readonly ILogger _logger = logger ?? NullLogger.Instance;

    public NpgsqlDataSource DataSource => dataSource;

    public PostgresOptions Options => options;

    internal async Task<T> RunAsync<T, TState>(string operation, TState state, Func<NpgsqlDataSource, TState, CancellationToken, Task<T>> body, CancellationToken cancellation)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellation);
        deadline.CancelAfter(options.CommandTimeout);
        try
        {
            return await body(dataSource, state, deadline.Token);
        }
        catch (OperationCanceledException e) when (!cancellation.IsCancellationRequested)
        {
            throw PostgresErrors.Translate(new TimeoutException($"took longer than {options.CommandTimeout} (Postgres:CommandTimeout)", e), operation);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            var translated = PostgresErrors.Translate(e, operation);
            if (ReferenceEquals(translated, e)) throw;
            throw translated;
        }
    }

    internal Task RunAsync<TState>(string operation, TState state, Func<NpgsqlDataSource, TState, CancellationToken, Task> body, CancellationToken cancellation) =>
        RunAsync(operation, (state, body), static async (source, s, token) =>
        {
            await s.body(source, s.state, token);
            return true;
        }, cancellation);

    /// <summary>Rows one prune statement deletes at most: each is short, and holds few locks.</summary>
    internal const int PruneChunkRows = 10_000;

    /// <summary>
    /// Deletes the rows of a marker table (one with an indexed <c>applied_at</c> column) older than
    /// the retention, <paramref name="chunkRows"/> at a time, each chunk its own statement under
    /// <c>Postgres:CommandTimeout</c>, however large the backlog; returns how many.
    /// <paramref name="table"/> is one of ours, never input.
    /// </summary>
    internal async Task<int> DeleteAppliedBeforeAsync(string operation, string table, TimeSpan retention, CancellationToken cancellation, int chunkRows = PruneChunkRows)
    {
        var sql = $"DELETE FROM {table} WHERE ctid = ANY (ARRAY(SELECT ctid FROM {table} WHERE applied_at < now() - $1 LIMIT $2))";
        var total = 0;
        while (true)
        {
            var deleted = await RunAsync(operation, (sql, retention, chunkRows), static async (source, s, token) =>
            {
                await using var command = source.CreateCommand(s.sql);
                command.Add(s.retention);
                command.Add(s.chunkRows);
                return await command.ExecuteNonQueryAsync(token);
            }, cancellation);
            total += deleted;
            if (deleted < chunkRows) return total;
        }
    }

    /// <summary>A command on a pooled connection of the data source (Npgsql opens and returns it).</summary>
    internal NpgsqlCommand Command(string sql) => dataSource.CreateCommand(sql);

    /// <summary>Reports a background chore that failed; it runs again at its next period.</summary>
    internal void ChoreFailed(string operation, Exception error) => LogChoreFailed(_logger, error, operation);

    [LoggerMessage(Level = LogLevel.Warning, Message = "PostgreSQL {Operation} failed; it runs again in an hour")]
    private static partial void LogChoreFailed(ILogger logger, Exception error, string operation);
}
