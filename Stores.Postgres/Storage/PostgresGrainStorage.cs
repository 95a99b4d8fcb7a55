using GrainPipeline.Stores.Abstractions;
using System.Globalization;
using GrainPipeline.Runtime;
using GrainPipeline.Runtime.Storage;

namespace GrainPipeline.Stores.Postgres.Storage;

/// <summary>
/// Grain state in <c>grain_state</c>. The ETag is the row's version, taken from one sequence, and
/// every write or clear is a compare-and-set on it in a single statement; no row changed means a
/// conflict (<see cref="InconsistentStateException"/>, naming the stored ETag).
/// </summary>
public sealed class PostgresGrainStorage(PostgresContext context) : IGrainStorage
{
    public Task<StoredGrainState?> ReadAsync(string stateName, GrainId grainId, CancellationToken cancellation) =>
        context.RunAsync("grain state read", (stateName, grainId), static async (source, k, token) =>
        {
            await using var command = source.CreateCommand("SELECT data, version FROM grain_state WHERE state_name = $1 AND grain_type = $2 AND grain_key = $3");
            command.Add(k.stateName);
            command.Add(k.grainId.Type);
            command.Add(k.grainId.Key);
            await using var reader = await command.ExecuteReaderAsync(token);
            if (!await reader.ReadAsync(token)) return null;
            return new StoredGrainState(reader.GetFieldValue<byte[]>(0), Etag(reader.GetInt64(1)));
        }, cancellation);

    public Task<string> WriteAsync(string stateName, GrainId grainId, ReadOnlyMemory<byte> data, string? expectedEtag, CancellationToken cancellation) =>
        context.RunAsync("grain state write", (stateName, grainId, data: data.ToArray(), expectedEtag), static async (source, s, token) =>
        {
            var sql = s.expectedEtag is null
                ? """
                  INSERT INTO grain_state (state_name, grain_type, grain_key, data, version) VALUES ($1, $2, $3, $4, nextval('grain_state_version'))
                  ON CONFLICT DO NOTHING RETURNING version
                  """
                : """
                  UPDATE grain_state SET data = $4, version = nextval('grain_state_version'), updated_at = now()
                  WHERE state_name = $1 AND grain_type = $2 AND grain_key = $3 AND version = $5 RETURNING version
                  """;
            await using var command = source.CreateCommand(sql);
            command.Add(s.stateName);
            command.Add(s.grainId.Type);
            command.Add(s.grainId.Key);
            command.Add(s.data);
            if (s.expectedEtag is not null) command.Add(ParseEtag(s.expectedEtag));
            if (await command.ExecuteScalarAsync(token) is long version) return Etag(version);
            throw await ConflictAsync(source, s.stateName, s.grainId, s.expectedEtag, token);
        }, cancellation);

    public Task ClearAsync(string stateName, GrainId grainId, string? expectedEtag, CancellationToken cancellation) =>
        context.RunAsync("grain state clear", (stateName, grainId, expectedEtag), static async (source, s, token) =>
        {
            if (s.expectedEtag is null)
            {
                // Clearing with no ETag succeeds only when there is nothing to clear.
                var stored = await StoredEtagAsync(source, s.stateName, s.grainId, token);
                if (stored is not null) throw InconsistentStateException.For(s.stateName, s.grainId, stored, null);
                return;
            }
            await using var command = source.CreateCommand("DELETE FROM grain_state WHERE state_name = $1 AND grain_type = $2 AND grain_key = $3 AND version = $4");
            command.Add(s.stateName);
            command.Add(s.grainId.Type);
            command.Add(s.grainId.Key);
            command.Add(ParseEtag(s.expectedEtag));
            if (await command.ExecuteNonQueryAsync(token) == 1) return;
            throw await ConflictAsync(source, s.stateName, s.grainId, s.expectedEtag, token);
        }, cancellation);

    private static async Task<InconsistentStateException> ConflictAsync(Npgsql.NpgsqlDataSource source, string stateName, GrainId grainId, string? expected, CancellationToken token) =>
        InconsistentStateException.For(stateName, grainId, await StoredEtagAsync(source, stateName, grainId, token), expected);

    private static async Task<string?> StoredEtagAsync(Npgsql.NpgsqlDataSource source, string stateName, GrainId grainId, CancellationToken token)
    {
        await using var command = source.CreateCommand("SELECT version FROM grain_state WHERE state_name = $1 AND grain_type = $2 AND grain_key = $3");
        command.Add(stateName);
        command.Add(grainId.Type);
        command.Add(grainId.Key);
        return await command.ExecuteScalarAsync(token) is long version ? Etag(version) : null;
    }

    private static string Etag(long version) => version.ToString(CultureInfo.InvariantCulture);

    /// <summary>An ETag this store never issued cannot match any row: -1 makes the compare fail cleanly.</summary>
    private static long ParseEtag(string etag) => long.TryParse(etag, NumberStyles.None, CultureInfo.InvariantCulture, out var version) ? version : -1;

    /// <summary>This adapter reports an unreachable server as <see cref="StoreUnavailableException"/>.</summary>
    public bool IsTransient(Exception error) =>
        error is StoreUnavailableException or TimeoutException or IOException or System.Net.Sockets.SocketException;
}
