using System.Runtime.CompilerServices;
using GrainPipeline.Stores.Abstractions;
using GrainPipeline.Stores.Model;
using Npgsql;
using NpgsqlTypes;

namespace GrainPipeline.Stores.Postgres.Storage;

/// <summary>
/// product_stats. A batch is applied by ONE statement: a CTE claims the batch id in
/// <c>applied_stat_batches</c> and the upsert adds the cells only if the claim succeeded — so the
/// cells and the id commit together or not at all, and a replayed batch adds nothing. Two flushers
/// applying the same batch at once serialize on the id's unique key; the second adds nothing.
/// Ids older than <c>Postgres:AppliedBatchRetention</c> are pruned now and then.
/// </summary>
public sealed class PostgresProductStatsStore(PostgresContext context) : IProductStatsStore
{
    private const string ApplySql = """
        WITH claim AS (
            INSERT INTO applied_stat_batches (batch_id, kafka_partition, cells) VALUES ($1, $2, $3)
            ON CONFLICT (batch_id) DO NOTHING
            RETURNING batch_id
        )
        INSERT INTO product_stats AS ps (shop, product_id, day, views, adds_to_cart, purchases, revenue)
        SELECT t.* FROM unnest($4::text[], $5::text[], $6::date[], $7::bigint[], $8::bigint[], $9::bigint[], $10::numeric[]) AS t
        WHERE EXISTS (SELECT 1 FROM claim)
        ON CONFLICT (shop, product_id, day) DO UPDATE SET
            views        = ps.views + EXCLUDED.views,
            adds_to_cart = ps.adds_to_cart + EXCLUDED.adds_to_cart,
            purchases    = ps.purchases + EXCLUDED.purchases,
            revenue      = ps.revenue + EXCLUDED.revenue
        """;

    /// <summary>Forgets applied batch ids past the retention, at most once an hour per silo, in the background.</summary>
    private readonly PeriodicChore _prune = new(TimeSpan.FromHours(1),
        () => Prune(context, CancellationToken.None), error => context.ChoreFailed(PruneOperation, error));

    private const string PruneOperation = "applied batch prune";

    public async Task<bool> ApplyBatchAsync(ProductStatBatch batch, CancellationToken cancellation)
    {
        ArgumentNullException.ThrowIfNull(batch);
        if (batch.IsEmpty) return false;
        var applied = await context.RunAsync("product stats apply", batch, static async (source, b, token) =>
        {
            // Fold repeated cells (an upsert touches a row once per statement) and write in key order.
            var cells = b.Cells.GroupBy(c => c.Key).Select(g => g.Aggregate((x, y) => x.Plus(y)))
                .OrderBy(c => c.Key.Shop, StringComparer.Ordinal).ThenBy(c => c.Key.ProductId, StringComparer.Ordinal).ThenBy(c => c.Key.Day)
                .ToList();
            await using var command = source.CreateCommand(ApplySql);
            command.Add(b.Id);
            command.Add(b.Partition);
            command.Add(cells.Count);
            command.Parameters.Add(Array(cells.Select(c => c.Key.Shop).ToArray(), NpgsqlDbType.Text));
            command.Parameters.Add(Array(cells.Select(c => c.Key.ProductId).ToArray(), NpgsqlDbType.Text));
            command.Parameters.Add(Array(cells.Select(c => c.Key.Day).ToArray(), NpgsqlDbType.Date));
            command.Parameters.Add(Array(cells.Select(c => c.Views).ToArray(), NpgsqlDbType.Bigint));
            command.Parameters.Add(Array(cells.Select(c => c.AddsToCart).ToArray(), NpgsqlDbType.Bigint));
            command.Parameters.Add(Array(cells.Select(c => c.Purchases).ToArray(), NpgsqlDbType.Bigint));
            command.Parameters.Add(Array(cells.Select(c => c.Revenue).ToArray(), NpgsqlDbType.Numeric));
            return await command.ExecuteNonQueryAsync(token) > 0;
        }, cancellation);
        _prune.StartIfDue();
        return applied;
    }

    public async IAsyncEnumerable<ProductStatDelta> ReadAllAsync([EnumeratorCancellation] CancellationToken cancellation)
    {
        ProductStatKey? after = null;
        while (true)
        {
            var page = await context.RunAsync("product stats read", (after, size: context.Options.ReadPageSize), static async (source, s, token) =>
            {
                await using var command = source.CreateCommand(s.after is null
                    ? "SELECT shop, product_id, day, views, adds_to_cart, purchases, revenue FROM product_stats ORDER BY shop, product_id, day LIMIT $1"
                    : "SELECT shop, product_id, day, views, adds_to_cart, purchases, revenue FROM product_stats WHERE (shop, product_id, day) > ($2, $3, $4) ORDER BY shop, product_id, day LIMIT $1");
                command.Add(s.size);
                if (s.after is { } a)
                {
                    command.Add(a.Shop);
                    command.Add(a.ProductId);
                    command.Add(a.Day);
                }
                var rows = new List<ProductStatDelta>(s.size);
                await using var reader = await command.ExecuteReaderAsync(token);
                while (await reader.ReadAsync(token))
                {
                    rows.Add(new ProductStatDelta(new ProductStatKey(reader.GetString(0), reader.GetString(1), reader.GetFieldValue<DateOnly>(2)),
                        reader.GetInt64(3), reader.GetInt64(4), reader.GetInt64(5), reader.GetDecimal(6)));
                }
                return rows;
            }, cancellation);
            foreach (var row in page) yield return row;
            if (page.Count < context.Options.ReadPageSize) yield break;
            after = page[^1].Key;
        }
    }

    /// <summary>Deletes applied batch ids older than the retention; returns how many.</summary>
    public Task<int> PruneAsync(CancellationToken cancellation) => Prune(context, cancellation);

    private static Task<int> Prune(PostgresContext context, CancellationToken cancellation) =>
        context.DeleteAppliedBeforeAsync(PruneOperation, "applied_stat_batches", context.Options.AppliedBatchRetention, cancellation);

    private static NpgsqlParameter Array<T>(T[] values, NpgsqlDbType element) =>
        new() { Value = values, NpgsqlDbType = NpgsqlDbType.Array | element };
}
