using GrainPipeline.Stores.Model;
using GrainPipeline.Stores.Postgres.Storage;
using NpgsqlTypes;

namespace GrainPipeline.Stores.Postgres.Batching;

/// <summary>
/// The PostgreSQL stats buffer's increments: each event's deltas are added only when its "applied"
/// marker row is new, and the events of many grain turns go in one statement, so the buffer costs
/// a statement per batch rather than one per turn. Cells carry their event's id, so only the newly
/// marked events' cells are added, folded per cell (a statement may update a row once). Markers and
/// cells go in key order, so two statements lock what they share in the same order.
/// </summary>
/// <remarks>
/// An event id that comes twice in a statement is sent once: its first row answers as the store
/// does, a later one "not added", as if they had come one statement each.
/// </remarks>
public sealed class StatsIncrementWriteBatcher(PostgresContext context)
    : PostgresWriteBatcher<StatsIncrementWriteBatcher.Increment, bool>("product_stats_buffer", context)
{
    private const string Sql = """
        WITH marked AS (
            INSERT INTO product_stats_applied (event_id)
            SELECT id FROM unnest($1::text[]) AS id ORDER BY id COLLATE "C"
            ON CONFLICT DO NOTHING
            RETURNING event_id
        ), added AS (
            INSERT INTO product_stats_buffer AS b (kafka_partition, shop, product_id, day, views, adds_to_cart, purchases, revenue)
            SELECT t.p, t.shop, t.product_id, t.day, sum(t.views), sum(t.adds), sum(t.purchases), sum(t.revenue)
            FROM unnest($2::text[], $3::integer[], $4::text[], $5::text[], $6::date[], $7::bigint[], $8::bigint[], $9::bigint[], $10::numeric[])
                AS t(event_id, p, shop, product_id, day, views, adds, purchases, revenue)
            WHERE t.event_id IN (SELECT event_id FROM marked)
            GROUP BY t.p, t.shop, t.product_id, t.day
            ORDER BY t.p, t.shop COLLATE "C", t.product_id COLLATE "C", t.day
            ON CONFLICT (kafka_partition, shop, product_id, day) DO UPDATE SET
                views        = b.views + EXCLUDED.views,
                adds_to_cart = b.adds_to_cart + EXCLUDED.adds_to_cart,
                purchases    = b.purchases + EXCLUDED.purchases,
                revenue      = b.revenue + EXCLUDED.revenue
        )
        SELECT event_id FROM marked
        """;

    /// <summary>One event's increments into one partition's buffer.</summary>
    public readonly record struct Increment(int Partition, string EventId, IReadOnlyList<ProductStatDelta> Deltas);

    protected override async Task<bool[]> ExecuteAsync(IReadOnlyList<Increment> items, CancellationToken cancellation)
    {
        var first = new Dictionary<string, int>(items.Count, StringComparer.Ordinal);
        var cells = new List<(string EventId, int Partition, ProductStatDelta Delta)>(items.Count * 2);
        for (var i = 0; i < items.Count; i++)
        {
            if (!first.TryAdd(items[i].EventId, i)) continue;
            foreach (var delta in items[i].Deltas) cells.Add((items[i].EventId, items[i].Partition, delta));
        }

        await using var command = Context.Command(Sql);
        command.AddArray(first.Keys.ToArray(), NpgsqlDbType.Text);
        command.AddArray(cells.Select(c => c.EventId).ToArray(), NpgsqlDbType.Text);
        command.AddArray(cells.Select(c => c.Partition).ToArray(), NpgsqlDbType.Integer);
        command.AddArray(cells.Select(c => c.Delta.Key.Shop).ToArray(), NpgsqlDbType.Text);
        command.AddArray(cells.Select(c => c.Delta.Key.ProductId).ToArray(), NpgsqlDbType.Text);
        command.AddArray(cells.Select(c => c.Delta.Key.Day).ToArray(), NpgsqlDbType.Date);
        command.AddArray(cells.Select(c => c.Delta.Views).ToArray(), NpgsqlDbType.Bigint);
        command.AddArray(cells.Select(c => c.Delta.AddsToCart).ToArray(), NpgsqlDbType.Bigint);
        command.AddArray(cells.Select(c => c.Delta.Purchases).ToArray(), NpgsqlDbType.Bigint);
        command.AddArray(cells.Select(c => c.Delta.Revenue).ToArray(), NpgsqlDbType.Numeric);

        var marked = new HashSet<string>(StringComparer.Ordinal);
        await using (var reader = await command.ExecuteReaderAsync(cancellation))
        {
            while (await reader.ReadAsync(cancellation)) marked.Add(reader.GetString(0));
        }
        var added = new bool[items.Count];
        for (var i = 0; i < items.Count; i++) added[i] = first[items[i].EventId] == i && marked.Contains(items[i].EventId);
        return added;
    }
}
