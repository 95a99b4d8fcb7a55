using GrainPipeline.Stores.Abstractions;
using GrainPipeline.Stores.Model;
using GrainPipeline.Stores.Postgres.Batching;
using Npgsql;
using NpgsqlTypes;

namespace GrainPipeline.Stores.Postgres.Storage;

/// <summary>The event index in <c>events</c>: appends go through the <see cref="EventWriteBatcher"/>, idempotent by event id.</summary>
public sealed class PostgresEventStore(PostgresContext context, EventWriteBatcher writes) : IEventStore
{
    public Task<bool> TryAppendAsync(StoredEvent evt, CancellationToken cancellation)
    {
        ArgumentNullException.ThrowIfNull(evt);
        return writes.EnqueueAsync(evt, cancellation);
    }

    public Task<bool[]> TryAppendAllAsync(IReadOnlyList<StoredEvent> events, CancellationToken cancellation)
    {
        ArgumentNullException.ThrowIfNull(events);
        return writes.EnqueueAllAsync(events, cancellation);
    }

    public Task<IReadOnlyDictionary<string, long>> FindWriteSequencesAsync(IReadOnlyCollection<string> eventIds, CancellationToken cancellation)
    {
        ArgumentNullException.ThrowIfNull(eventIds);
        return context.RunAsync("event lookup", eventIds.ToArray(), static async (source, ids, token) =>
        {
            var found = new Dictionary<string, long>(ids.Length, StringComparer.Ordinal);
            if (ids.Length == 0) return (IReadOnlyDictionary<string, long>)found;
            await using var command = source.CreateCommand("SELECT event_id, write_seq FROM events WHERE event_id = ANY($1)");
            command.Parameters.Add(new NpgsqlParameter { Value = ids, NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text });
            await using var reader = await command.ExecuteReaderAsync(token);
            while (await reader.ReadAsync(token)) found[reader.GetString(0)] = reader.GetInt64(1);
            return found;
        }, cancellation);
    }
}
