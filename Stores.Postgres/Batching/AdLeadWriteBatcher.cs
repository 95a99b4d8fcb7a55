using GrainPipeline.Stores.Model;
using GrainPipeline.Stores.Postgres.Storage;
using Npgsql;
using NpgsqlTypes;

namespace GrainPipeline.Stores.Postgres.Batching;

/// <summary>
/// Upserts ad leads, one <c>INSERT … SELECT FROM unnest … ON CONFLICT DO UPDATE</c> per batch. A lead
/// arriving again for the same (shop, client, click) replaces the stored one, as the single-row upsert
/// did; within a batch the later lead wins (an upsert may touch a row only once per statement). One
/// visitor's leads are never in the same batch anyway (the grain awaits each before its next event).
/// Rows go in key order (no lock-order deadlocks between concurrent batches).
/// </summary>
public sealed class AdLeadWriteBatcher(PostgresContext context) : PostgresWriteBatcher<AdLead, bool>("ad_leads", context)
{
    private const string Sql = """
        INSERT INTO ad_leads AS a (shop, client_id, click_key, platform, click_id_name, click_id, utm_source, utm_medium,
                                   utm_campaign, utm_term, utm_content, landing_url, clicked_at)
        SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[],
                             $9::text[], $10::text[], $11::text[], $12::text[], $13::timestamptz[])
        ON CONFLICT (shop, client_id, click_key) DO UPDATE SET
            platform = EXCLUDED.platform, click_id_name = EXCLUDED.click_id_name, click_id = EXCLUDED.click_id,
            utm_source = EXCLUDED.utm_source, utm_medium = EXCLUDED.utm_medium, utm_campaign = EXCLUDED.utm_campaign,
            utm_term = EXCLUDED.utm_term, utm_content = EXCLUDED.utm_content, landing_url = EXCLUDED.landing_url,
            clicked_at = EXCLUDED.clicked_at
        """;

    protected override async Task<bool[]> ExecuteAsync(IReadOnlyList<AdLead> items, CancellationToken cancellation)
    {
        var last = new Dictionary<(string Shop, string ClientId, string ClickKey), AdLead>(items.Count);
        foreach (var lead in items) last[(lead.Shop, lead.ClientId, lead.ClickKey)] = lead;
        var rows = last.Values
            .OrderBy(l => l.Shop, StringComparer.Ordinal).ThenBy(l => l.ClientId, StringComparer.Ordinal).ThenBy(l => l.ClickKey, StringComparer.Ordinal)
            .ToList();

        await using var command = Context.Command(Sql);
        AddTexts(command, rows.Select(l => l.Shop));
        AddTexts(command, rows.Select(l => l.ClientId));
        AddTexts(command, rows.Select(l => l.ClickKey));
        AddTexts(command, rows.Select(l => l.Platform));
        AddTexts(command, rows.Select(l => l.ClickIdName));
        AddTexts(command, rows.Select(l => l.ClickId));
        AddTexts(command, rows.Select(l => l.UtmSource));
        AddTexts(command, rows.Select(l => l.UtmMedium));
        AddTexts(command, rows.Select(l => l.UtmCampaign));
        AddTexts(command, rows.Select(l => l.UtmTerm));
        AddTexts(command, rows.Select(l => l.UtmContent));
        AddTexts(command, rows.Select(l => l.LandingUrl));
        command.Parameters.Add(new NpgsqlParameter
        {
            Value = rows.Select(l => l.ClickedAt.ToUniversalTime()).ToArray(),
            NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.TimestampTz,
        });
        await command.ExecuteNonQueryAsync(cancellation);
        return Enumerable.Repeat(true, items.Count).ToArray();
    }

    private static void AddTexts(NpgsqlCommand command, IEnumerable<string?> values) =>
        command.Parameters.Add(new NpgsqlParameter { Value = values.ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text });
}
