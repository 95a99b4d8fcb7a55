using GrainPipeline.Stores.Abstractions;
using GrainPipeline.Stores.Model;
using Npgsql;
using NpgsqlTypes;

namespace GrainPipeline.Stores.Postgres.Storage;

/// <summary>
/// The product-stat buffer in PostgreSQL, for deployments without Redis (Redis is the faster choice:
/// this costs one upsert statement per product event). Same protocol as the Redis buffer: an
/// increment call is one statement (all or nothing); a take, under a per-partition advisory lock,
/// returns the partition's pending batch if there is one, else moves up to N cells from
/// <c>product_stats_buffer</c> into <c>product_stats_pending</c> under a fresh id in one statement;
/// acknowledge deletes the pending rows of that id. An event's "applied" marker row is kept for
/// <c>Postgres:StatsAppliedRetention</c>; older ones are deleted now and then (at most hourly).
/// </summary>
public sealed class PostgresProductStatsBuffer(PostgresContext context) : IProductStatsBuffer
{
    /// <summary>Forgets applied event markers past the retention, at most once an hour per silo, in the background.</summary>
    private readonly PeriodicChore _prune = new(TimeSpan.FromHours(1),
        () => PruneApplied(context, CancellationToken.None), error => context.ChoreFailed(PruneOperation, error));

    private const string PruneOperation = "applied event prune";

    /// <summary>First key of the two-key advisory lock; the partition is the second.</summary>
    private const int TakeLock = 0x67707362; // "gpsb"

    private const string IncrementSql = """
        INSERT INTO product_stats_buffer AS b (kafka_partition, shop, product_id, day, views, adds_to_cart, purchases, revenue)
        SELECT $1, t.* FROM unnest($2::text[], $3::text[], $4::date[], $5::bigint[], $6::bigint[], $7::bigint[], $8::numeric[]) AS t
        ON CONFLICT (kafka_partition, shop, product_id, day) DO UPDATE SET
            views        = b.views + EXCLUDED.views,
            adds_to_cart = b.adds_to_cart + EXCLUDED.adds_to_cart,
            purchases    = b.purchases + EXCLUDED.purchases,
            revenue      = b.revenue + EXCLUDED.revenue
        """;

    /// <summary>The increment, only when the event's marker row is new: one statement, one transaction.</summary>
    private const string IncrementOnceSql = """
        WITH marked AS (
            INSERT INTO product_stats_applied (event_id) VALUES ($9) ON CONFLICT DO NOTHING RETURNING event_id
        ), added AS (
            INSERT INTO product_stats_buffer AS b (kafka_partition, shop, product_id, day, views, adds_to_cart, purchases, revenue)
            SELECT $1, t.* FROM unnest($2::text[], $3::text[], $4::date[], $5::bigint[], $6::bigint[], $7::bigint[], $8::numeric[]) AS t
            WHERE EXISTS (SELECT 1 FROM marked)
            ON CONFLICT (kafka_partition, shop, product_id, day) DO UPDATE SET
                views        = b.views + EXCLUDED.views,
                adds_to_cart = b.adds_to_cart + EXCLUDED.adds_to_cart,
                purchases    = b.purchases + EXCLUDED.purchases,
                revenue      = b.revenue + EXCLUDED.revenue
        )
        SELECT count(*) FROM marked
        """;

    private const string PendingSql = """
        SELECT batch_id, shop, product_id, day, views, adds_to_cart, purchases, revenue
        FROM product_stats_pending WHERE kafka_partition = $1
        """;

    private const string MoveSql = """
        WITH taken AS (
            DELETE FROM product_stats_buffer b
            USING (SELECT shop, product_id, day FROM product_stats_buffer WHERE kafka_partition = $1
                   ORDER BY shop, product_id, day LIMIT $2 FOR UPDATE) k
            WHERE b.kafka_partition = $1 AND b.shop = k.shop AND b.product_id = k.product_id AND b.day = k.day
            RETURNING b.shop, b.product_id, b.day, b.views, b.adds_to_cart, b.purchases, b.revenue
        )
        INSERT INTO product_stats_pending (kafka_partition, batch_id, shop, product_id, day, views, adds_to_cart, purchases, revenue)
        SELECT $1, $3, shop, product_id, day, views, adds_to_cart, purchases, revenue FROM taken
        RETURNING batch_id, shop, product_id, day, views, adds_to_cart, purchases, revenue
        """;

    public Task IncrementAsync(int partition, IReadOnlyList<ProductStatDelta> deltas, CancellationToken cancellation)
    {
        ArgumentNullException.ThrowIfNull(deltas);
        if (deltas.Count == 0) return Task.CompletedTask;
        var cells = FoldInKeyOrder(deltas);
        return context.RunAsync("stats buffer increment", (partition, cells), static async (source, s, token) =>
        {
            await using var command = source.CreateCommand(IncrementSql);
            AddCells(command, s.partition, s.cells);
            await command.ExecuteNonQueryAsync(token);
        }, cancellation);
    }

    public async Task<bool> IncrementOnceAsync(int partition, string eventId, IReadOnlyList<ProductStatDelta> deltas, CancellationToken cancellation)
    {
        ArgumentNullException.ThrowIfNull(eventId);
        ArgumentNullException.ThrowIfNull(deltas);
        var cells = FoldInKeyOrder(deltas);
        var added = await context.RunAsync("stats buffer increment once", (partition, eventId, cells), static async (source, s, token) =>
        {
            await using var command = source.CreateCommand(IncrementOnceSql);
            AddCells(command, s.partition, s.cells);
            command.Add(s.eventId);
            return (long)(await command.ExecuteScalarAsync(token))! == 1;
        }, cancellation);
        _prune.StartIfDue();
        return added;
    }

    /// <summary>One statement per event, in order: this buffer is the choice without Redis, not the fast one.</summary>
    public async Task<bool[]> IncrementEachOnceAsync(int partition, IReadOnlyList<EventStatDeltas> events, CancellationToken cancellation)
    {
        ArgumentNullException.ThrowIfNull(events);
        var added = new bool[events.Count];
        for (var e = 0; e < events.Count; e++) added[e] = await IncrementOnceAsync(partition, events[e].EventId, events[e].Deltas, cancellation);
        return added;
    }

    /// <summary>Deletes the "applied" markers of events older than the retention; returns how many.</summary>
    public Task<int> PruneAppliedAsync(CancellationToken cancellation) => PruneApplied(context, cancellation);

    private static Task<int> PruneApplied(PostgresContext context, CancellationToken cancellation) =>
        context.DeleteAppliedBeforeAsync(PruneOperation, "product_stats_applied", context.Options.StatsAppliedRetention, cancellation);

    /// <summary>One statement may touch a row once: fold repeated cells, and go in key order.</summary>
    private static List<ProductStatDelta> FoldInKeyOrder(IReadOnlyList<ProductStatDelta> deltas) =>
        deltas.GroupBy(d => d.Key).Select(g => g.Aggregate((x, y) => x.Plus(y)))
            .OrderBy(c => c.Key.Shop, StringComparer.Ordinal).ThenBy(c => c.Key.ProductId, StringComparer.Ordinal).ThenBy(c => c.Key.Day)
            .ToList();

    private static void AddCells(NpgsqlCommand command, int partition, List<ProductStatDelta> cells)
    {
        command.Add(partition);
        command.Parameters.Add(Array(cells.Select(c => c.Key.Shop).ToArray(), NpgsqlDbType.Text));
        command.Parameters.Add(Array(cells.Select(c => c.Key.ProductId).ToArray(), NpgsqlDbType.Text));
        command.Parameters.Add(Array(cells.Select(c => c.Key.Day).ToArray(), NpgsqlDbType.Date));
        command.Parameters.Add(Array(cells.Select(c => c.Views).ToArray(), NpgsqlDbType.Bigint));
        command.Parameters.Add(Array(cells.Select(c => c.AddsToCart).ToArray(), NpgsqlDbType.Bigint));
        command.Parameters.Add(Array(cells.Select(c => c.Purchases).ToArray(), NpgsqlDbType.Bigint));
        command.Parameters.Add(Array(cells.Select(c => c.Revenue).ToArray(), NpgsqlDbType.Numeric));
    }

    public Task<ProductStatBatch> TakeBatchAsync(int partition, int maxKeys, CancellationToken cancellation)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxKeys, 1);
        return context.RunAsync("stats buffer take", (partition, maxKeys), static async (source, s, token) =>
        {
            await using var connection = await source.OpenConnectionAsync(token);
            await using var transaction = await connection.BeginTransactionAsync(token);
            await using (var lockPartition = new NpgsqlCommand("SELECT pg_advisory_xact_lock($1, $2)", connection, transaction))
            {
                lockPartition.Add(TakeLock);
                lockPartition.Add(s.partition);
                await lockPartition.ExecuteNonQueryAsync(token);
            }
            await using var pending = new NpgsqlCommand(PendingSql, connection, transaction);
            pending.Add(s.partition);
            var batch = await ReadBatchAsync(pending, s.partition, token);
            if (batch.IsEmpty)
            {
                await using var move = new NpgsqlCommand(MoveSql, connection, transaction);
                move.Add(s.partition);
                move.Add(s.maxKeys);
                move.Add(ProductStatBatch.NewId(s.partition));
                batch = await ReadBatchAsync(move, s.partition, token);
            }
            await transaction.CommitAsync(token);
            return batch;
        }, cancellation);
    }

    public Task AcknowledgeAsync(int partition, string batchId, CancellationToken cancellation)
    {
        ArgumentException.ThrowIfNullOrEmpty(batchId);
        return context.RunAsync("stats buffer acknowledge", (partition, batchId), static async (source, s, token) =>
        {
            await using var command = source.CreateCommand("DELETE FROM product_stats_pending WHERE kafka_partition = $1 AND batch_id = $2");
            command.Add(s.partition);
            command.Add(s.batchId);
            await command.ExecuteNonQueryAsync(token);
        }, cancellation);
    }

    private static async Task<ProductStatBatch> ReadBatchAsync(NpgsqlCommand command, int partition, CancellationToken token)
    {
        string? id = null;
        var cells = new List<ProductStatDelta>();
        await using var reader = await command.ExecuteReaderAsync(token);
        while (await reader.ReadAsync(token))
        {
            id = reader.GetString(0);
            cells.Add(new ProductStatDelta(new ProductStatKey(reader.GetString(1), reader.GetString(2), reader.GetFieldValue<DateOnly>(3)),
                reader.GetInt64(4), reader.GetInt64(5), reader.GetInt64(6), reader.GetDecimal(7)));
        }
        return id is null ? ProductStatBatch.Empty(partition) : new ProductStatBatch(partition, id, cells);
    }

    private static NpgsqlParameter Array<T>(T[] values, NpgsqlDbType element) =>
        new() { Value = values, NpgsqlDbType = NpgsqlDbType.Array | element };
}
