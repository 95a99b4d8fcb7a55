using GrainPipeline.Stores.Abstractions;
using GrainPipeline.Stores.Model;
using NpgsqlTypes;

namespace GrainPipeline.Stores.Postgres.Storage;

/// <summary>Attributions in <c>attributions</c>: one upsert per (shop, order, model).</summary>
public sealed class PostgresAttributionStore(PostgresContext context) : IAttributionStore
{
    private const string Sql = """
        INSERT INTO attributions (shop, order_id, model, client_id, revenue, currency, platform, campaign, click_id, clicked_at, ordered_at)
        VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)
        ON CONFLICT (shop, order_id, model) DO UPDATE SET
            client_id = EXCLUDED.client_id, revenue = EXCLUDED.revenue, currency = EXCLUDED.currency,
            platform = EXCLUDED.platform, campaign = EXCLUDED.campaign, click_id = EXCLUDED.click_id,
            clicked_at = EXCLUDED.clicked_at, ordered_at = EXCLUDED.ordered_at
        """;

    public Task UpsertAsync(Attribution attribution, CancellationToken cancellation)
    {
        ArgumentNullException.ThrowIfNull(attribution);
        return context.RunAsync("attribution upsert", attribution, static async (source, a, token) =>
        {
            await using var command = source.CreateCommand(Sql);
            command.Add(a.Shop);
            command.Add(a.OrderId);
            command.Add(a.Model);
            command.Add(a.ClientId);
            command.Add(a.Revenue);
            command.Add(a.Currency);
            command.Add(a.Platform);
            command.Add(a.Campaign, NpgsqlDbType.Text);
            command.Add(a.ClickId, NpgsqlDbType.Text);
            command.Parameters.Add(new Npgsql.NpgsqlParameter { Value = SqlValues.UtcOrNull(a.ClickedAt), NpgsqlDbType = NpgsqlDbType.TimestampTz });
            command.Add(SqlValues.Utc(a.OrderedAt));
            await command.ExecuteNonQueryAsync(token);
        }, cancellation);
    }

    /// <summary>Reads one attribution back (operators and tests).</summary>
    public Task<Attribution?> GetAsync(string shop, string orderId, string model, CancellationToken cancellation) =>
        context.RunAsync("attribution read", (shop, orderId, model), static async (source, k, token) =>
        {
            await using var command = source.CreateCommand("""
                SELECT client_id, revenue, currency, platform, campaign, click_id, clicked_at, ordered_at
                FROM attributions WHERE shop = $1 AND order_id = $2 AND model = $3
                """);
            command.Add(k.shop);
            command.Add(k.orderId);
            command.Add(k.model);
            await using var reader = await command.ExecuteReaderAsync(token);
            if (!await reader.ReadAsync(token)) return null;
            return new Attribution(k.shop, k.orderId, k.model, reader.GetString(0), reader.GetDecimal(1), reader.GetString(2), reader.GetString(3),
                reader.NullableString(4), reader.NullableString(5), reader.IsDBNull(6) ? null : reader.GetFieldValue<DateTimeOffset>(6),
                reader.GetFieldValue<DateTimeOffset>(7));
        }, cancellation);
}
