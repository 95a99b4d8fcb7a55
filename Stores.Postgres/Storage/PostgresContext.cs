using GrainPipeline.Stores.Postgres.Options;
using Npgsql;

namespace GrainPipeline.Stores.Postgres.Storage;

/// <summary>
/// What every PostgreSQL adapter shares: the silo's one data source and the options. <see cref="RunAsync{T, TState}"/>
/// bounds a call by <c>Postgres:CommandTimeout</c> on top of the caller's token (our bound firing
/// surfaces as a timeout outage, not as a cancellation the caller never asked for) and translates
/// failures (<see cref="PostgresErrors"/>).
/// </summary>
public sealed class PostgresContext(NpgsqlDataSource dataSource, PostgresOptions options)
{
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

    /// <summary>
    /// Deletes the rows of a marker table (one with an <c>applied_at</c> column) older than the
    /// retention; returns how many. <paramref name="table"/> is one of ours, never input.
    /// </summary>
    internal Task<int> DeleteAppliedBeforeAsync(string operation, string table, TimeSpan retention, CancellationToken cancellation) =>
        RunAsync(operation, (sql: $"DELETE FROM {table} WHERE applied_at < now() - $1", retention), static async (source, s, token) =>
        {
            await using var command = source.CreateCommand(s.sql);
            command.Add(s.retention);
            return await command.ExecuteNonQueryAsync(token);
        }, cancellation);

    /// <summary>A command on a pooled connection of the data source (Npgsql opens and returns it).</summary>
    internal NpgsqlCommand Command(string sql) => dataSource.CreateCommand(sql);
}
