using GrainPipeline.Stores.Abstractions;
using GrainPipeline.Stores.Model;
using NpgsqlTypes;

namespace GrainPipeline.Stores.Postgres.Storage;

/// <summary>Ad leads in <c>ad_leads</c>: one upsert per lead (leads are a small share of events).</summary>
public sealed class PostgresAdLeadStore(PostgresContext context) : IAdLeadStore
{
    private const string Sql = """
        INSERT INTO ad_leads (shop, client_id, click_key, platform, click_id_name, click_id, utm_source, utm_medium,
                              utm_campaign, utm_term, utm_content, landing_url, clicked_at)
        VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)
        ON CONFLICT (shop, client_id, click_key) DO UPDATE SET
            platform = EXCLUDED.platform, click_id_name = EXCLUDED.click_id_name, click_id = EXCLUDED.click_id,
            utm_source = EXCLUDED.utm_source, utm_medium = EXCLUDED.utm_medium, utm_campaign = EXCLUDED.utm_campaign,
            utm_term = EXCLUDED.utm_term, utm_content = EXCLUDED.utm_content, landing_url = EXCLUDED.landing_url,
            clicked_at = EXCLUDED.clicked_at
        """;

    public Task UpsertAsync(AdLead lead, CancellationToken cancellation)
    {
        ArgumentNullException.ThrowIfNull(lead);
        return context.RunAsync("ad lead upsert", lead, static async (source, l, token) =>
        {
            await using var command = source.CreateCommand(Sql);
            command.Add(l.Shop);
            command.Add(l.ClientId);
            command.Add(l.ClickKey);
            command.Add(l.Platform);
            command.Add(l.ClickIdName, NpgsqlDbType.Text);
            command.Add(l.ClickId, NpgsqlDbType.Text);
            command.Add(l.UtmSource, NpgsqlDbType.Text);
            command.Add(l.UtmMedium, NpgsqlDbType.Text);
            command.Add(l.UtmCampaign, NpgsqlDbType.Text);
            command.Add(l.UtmTerm, NpgsqlDbType.Text);
            command.Add(l.UtmContent, NpgsqlDbType.Text);
            command.Add(l.LandingUrl);
            command.Add(SqlValues.Utc(l.ClickedAt));
            await command.ExecuteNonQueryAsync(token);
        }, cancellation);
    }

    /// <summary>Reads one lead back (operators and tests; the pipeline never reads leads).</summary>
    public Task<AdLead?> GetAsync(string shop, string clientId, string clickKey, CancellationToken cancellation) =>
        context.RunAsync("ad lead read", (shop, clientId, clickKey), static async (source, k, token) =>
        {
            await using var command = source.CreateCommand("""
                SELECT platform, click_id_name, click_id, utm_source, utm_medium, utm_campaign, utm_term, utm_content, landing_url, clicked_at
                FROM ad_leads WHERE shop = $1 AND client_id = $2 AND click_key = $3
                """);
            command.Add(k.shop);
            command.Add(k.clientId);
            command.Add(k.clickKey);
            await using var reader = await command.ExecuteReaderAsync(token);
            if (!await reader.ReadAsync(token)) return null;
            return new AdLead(k.shop, k.clientId, k.clickKey, reader.GetString(0), reader.NullableString(1), reader.NullableString(2),
                reader.NullableString(3), reader.NullableString(4), reader.NullableString(5), reader.NullableString(6), reader.NullableString(7),
                reader.GetString(8), reader.GetFieldValue<DateTimeOffset>(9));
        }, cancellation);
}
