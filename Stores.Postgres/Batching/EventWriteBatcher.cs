using System.Runtime.InteropServices;
using GrainPipeline.Stores.Model;
using GrainPipeline.Stores.Postgres.Storage;
using Npgsql;
using NpgsqlTypes;

namespace GrainPipeline.Stores.Postgres.Batching;

/// <summary>
/// Appends events as one <c>INSERT … SELECT FROM unnest(arrays) ON CONFLICT DO NOTHING RETURNING</c>
/// per batch: one statement, one round trip, however many rows. Each caller learns whether its row
/// was new. Rows go in visitor order (shop, client), so two batches lock any ids they share in the
/// same order, and within a visitor in the order they were queued: a visitor's events queued
/// together come as one group (<see cref="WriteBatcher{TItem, TResult}.EnqueueAllAsync"/>), in
/// event order, and its next ones only after they committed, so write_seq follows each visitor's order.
/// </summary>
public sealed class EventWriteBatcher(PostgresContext context) : PostgresWriteBatcher<StoredEvent, bool>("events", context)
{
    private const string Sql = """
        INSERT INTO events (event_id, shop, client_id, name, occurred_at, kafka_partition, kafka_offset, payload)
        SELECT i, s, c, n, o, p, k, convert_from(j, 'UTF8')::jsonb
        FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::timestamptz[], $6::integer[], $7::bigint[], $8::bytea[]) AS t(i, s, c, n, o, p, k, j)
        ON CONFLICT (event_id) DO NOTHING
        RETURNING event_id
        """;

    protected override async Task<bool[]> ExecuteAsync(IReadOnlyList<StoredEvent> items, CancellationToken cancellation)
    {
        // The first row with an id is sent; a later one in the same batch answers "not new".
        var first = new Dictionary<string, int>(items.Count, StringComparer.Ordinal);
        var unique = new List<int>(items.Count);
        for (var i = 0; i < items.Count; i++)
        {
            if (first.TryAdd(items[i].EventId, i)) unique.Add(i);
        }
        // A stable order: by visitor, then as queued (List.Sort alone is not stable).
        unique.Sort((a, b) => CompareVisitors(items[a], items[b]) is var byVisitor && byVisitor != 0 ? byVisitor : a.CompareTo(b));

        var n = unique.Count;
        var ids = new string[n];
        var shops = new string[n];
        var clients = new string[n];
        var names = new string[n];
        var occurred = new DateTimeOffset[n];
        var partitions = new int[n];
        var offsets = new long[n];
        var payloads = new byte[n][];
        for (var i = 0; i < n; i++)
        {
            var e = items[unique[i]];
            ids[i] = e.EventId;
            shops[i] = e.Shop;
            clients[i] = e.ClientId;
            names[i] = e.Name;
            occurred[i] = e.OccurredAt.ToUniversalTime();
            partitions[i] = e.KafkaPartition;
            offsets[i] = e.KafkaOffset;
            payloads[i] = PayloadBytes(e.Payload);
        }

        await using var command = Context.Command(Sql);
        command.Parameters.Add(new NpgsqlParameter { Value = ids, NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text });
        command.Parameters.Add(new NpgsqlParameter { Value = shops, NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text });
        command.Parameters.Add(new NpgsqlParameter { Value = clients, NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text });
        command.Parameters.Add(new NpgsqlParameter { Value = names, NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text });
        command.Parameters.Add(new NpgsqlParameter { Value = occurred, NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.TimestampTz });
        command.Parameters.Add(new NpgsqlParameter { Value = partitions, NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Integer });
        command.Parameters.Add(new NpgsqlParameter { Value = offsets, NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Bigint });
        command.Parameters.Add(new NpgsqlParameter { Value = payloads, NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Bytea });

        var inserted = new HashSet<string>(StringComparer.Ordinal);
        await using (var reader = await command.ExecuteReaderAsync(cancellation))
        {
            while (await reader.ReadAsync(cancellation)) inserted.Add(reader.GetString(0));
        }
        var results = new bool[items.Count];
        for (var i = 0; i < items.Count; i++) results[i] = first[items[i].EventId] == i && inserted.Contains(items[i].EventId);
        return results;
    }

    private static int CompareVisitors(StoredEvent a, StoredEvent b) =>
        string.CompareOrdinal(a.Shop, b.Shop) is var byShop && byShop != 0 ? byShop : string.CompareOrdinal(a.ClientId, b.ClientId);

    /// <summary>
    /// The payload as UTF-8 bytes, sent as bytea and turned into jsonb by the server: usually the
    /// Kafka record's own array, where a text parameter cost a 2-byte-per-character string per event.
    /// </summary>
    private static byte[] PayloadBytes(ReadOnlyMemory<byte> payload)
    {
        if (payload.IsEmpty) return NullJson;
        return MemoryMarshal.TryGetArray(payload, out var segment) && segment.Offset == 0 && segment.Count == segment.Array!.Length
            ? segment.Array
            : payload.ToArray();
    }

    private static readonly byte[] NullJson = "null"u8.ToArray();
}
