using GrainPipeline.Stores.Abstractions;
using GrainPipeline.Stores.Model;
using GrainPipeline.Stores.Postgres.Batching;
using Npgsql;
using NpgsqlTypes;

namespace GrainPipeline.Stores.Postgres.Storage;

/// <summary>
/// The product-stat buffer in PostgreSQL, for deployments without Redis (Redis is the faster choice:
/// here every increment updates table rows). Same protocol as the Redis buffer: an increment call is
/// all or nothing, written with other calls' in one statement (<see cref="StatsIncrementWriteBatcher"/>);
/// a take, under a per-partition advisory lock, returns the partition's pending batch if there is one,
/// else moves up to N cells from <c>product_stats_buffer</c> into <c>product_stats_pending</c> under a
/// fresh id in one statement; acknowledge deletes the pending rows of that id. An event's "applied"
/// marker row is kept for <c>Postgres:StatsAppliedRetention</c>; older ones are deleted now and then
/// (at most hourly).
/// </summary>
public sealed class PostgresProductStatsBuffer(PostgresContext context, StatsIncrementWriteBatcher writes) : IProductStatsBuffer
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

    /// <summary>
    /// Queued as one group to the increments batcher (<see cref="StatsIncrementWriteBatcher"/>), which
    /// writes the events of many grain turns in one statement. An id repeated in the call counts once,
    /// at its first occurrence.
    /// </summary>
    public async Task<bool[]> IncrementEachOnceAsync(int partition, IReadOnlyList<EventStatDeltas> events, CancellationToken cancellation)
    {
        ArgumentNullException.ThrowIfNull(events);
        if (events.Count == 0) return [];
        var increments = new StatsIncrementWriteBatcher.Increment[events.Count];
        for (var e = 0; e < events.Count; e++)
        {
            ArgumentNullException.ThrowIfNull(events[e].EventId);
            ArgumentNullException.ThrowIfNull(events[e].Deltas);
            increments[e] = new StatsIncrementWriteBatcher.Increment(partition, events[e].EventId, events[e].Deltas);
        }
        var added = await writes.EnqueueAllAsync(increments, cancellation);
        _prune.StartIfDue();
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
        command.AddArray(cells.Select(c => c.Key.Shop).ToArray(), NpgsqlDbType.Text);
        command.AddArray(cells.Select(c => c.Key.ProductId).ToArray(), NpgsqlDbType.Text);
        command.AddArray(cells.Select(c => c.Key.Day).ToArray(), NpgsqlDbType.Date);
        command.AddArray(cells.Select(c => c.Views).ToArray(), NpgsqlDbType.Bigint);
        command.AddArray(cells.Select(c => c.AddsToCart).ToArray(), NpgsqlDbType.Bigint);
        command.AddArray(cells.Select(c => c.Purchases).ToArray(), NpgsqlDbType.Bigint);
        command.AddArray(cells.Select(c => c.Revenue).ToArray(), NpgsqlDbType.Numeric);
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
}
