using GrainPipeline.Stores.Model;
using GrainPipeline.Stores.Postgres.Storage;
using Npgsql;
using NpgsqlTypes;

namespace GrainPipeline.Stores.Postgres.Batching;

/// <summary>
/// Upserts attributions, one <c>INSERT … SELECT FROM unnest … ON CONFLICT DO UPDATE</c> per batch. A
/// replayed (shop, order, model) replaces the stored row, as the single-row upsert did; within a batch
/// the later one wins (an upsert may touch a row only once per statement). Rows go in key order.
/// </summary>
public sealed class AttributionWriteBatcher(PostgresContext context) : PostgresWriteBatcher<Attribution, bool>("attributions", context)
{
    private const string Sql = """
        INSERT INTO attributions (shop, order_id, model, client_id, revenue, currency, platform, campaign, click_id, clicked_at, ordered_at)
        SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::numeric[], $6::text[], $7::text[], $8::text[],
                             $9::text[], $10::timestamptz[], $11::timestamptz[])
        ON CONFLICT (shop, order_id, model) DO UPDATE SET
            client_id = EXCLUDED.client_id, revenue = EXCLUDED.revenue, currency = EXCLUDED.currency,
            platform = EXCLUDED.platform, campaign = EXCLUDED.campaign, click_id = EXCLUDED.click_id,
            clicked_at = EXCLUDED.clicked_at, ordered_at = EXCLUDED.ordered_at
        """;

    protected override async Task<bool[]> ExecuteAsync(IReadOnlyList<Attribution> items, CancellationToken cancellation)
    {
        var last = new Dictionary<(string Shop, string OrderId, string Model), Attribution>(items.Count);
        foreach (var a in items) last[(a.Shop, a.OrderId, a.Model)] = a;
        var rows = last.Values
            .OrderBy(a => a.Shop, StringComparer.Ordinal).ThenBy(a => a.OrderId, StringComparer.Ordinal).ThenBy(a => a.Model, StringComparer.Ordinal)
            .ToList();

        await using var command = Context.Command(Sql);
        AddArray(command, rows.Select(a => a.Shop).ToArray(), NpgsqlDbType.Text);
        AddArray(command, rows.Select(a => a.OrderId).ToArray(), NpgsqlDbType.Text);
        AddArray(command, rows.Select(a => a.Model).ToArray(), NpgsqlDbType.Text);
        AddArray(command, rows.Select(a => a.ClientId).ToArray(), NpgsqlDbType.Text);
        AddArray(command, rows.Select(a => a.Revenue).ToArray(), NpgsqlDbType.Numeric);
        AddArray(command, rows.Select(a => a.Currency).ToArray(), NpgsqlDbType.Text);
        AddArray(command, rows.Select(a => a.Platform).ToArray(), NpgsqlDbType.Text);
        AddArray(command, rows.Select(a => a.Campaign).ToArray(), NpgsqlDbType.Text);
        AddArray(command, rows.Select(a => a.ClickId).ToArray(), NpgsqlDbType.Text);
        AddArray(command, rows.Select(a => a.ClickedAt?.ToUniversalTime()).ToArray(), NpgsqlDbType.TimestampTz);
        AddArray(command, rows.Select(a => a.OrderedAt.ToUniversalTime()).ToArray(), NpgsqlDbType.TimestampTz);
        await command.ExecuteNonQueryAsync(cancellation);
        return Enumerable.Repeat(true, items.Count).ToArray();
    }

    private static void AddArray<T>(NpgsqlCommand command, T[] values, NpgsqlDbType element) =>
        command.Parameters.Add(new NpgsqlParameter { Value = values, NpgsqlDbType = NpgsqlDbType.Array | element });
}
