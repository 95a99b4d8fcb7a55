using GrainPipeline.Stores.Abstractions;
using GrainPipeline.Stores.Model;
using GrainPipeline.Stores.Postgres.Batching;

namespace GrainPipeline.Stores.Postgres.Storage;

/// <summary>Ad leads in <c>ad_leads</c>: upserts go through the <see cref="AdLeadWriteBatcher"/> (a tenth of the events carry a click).</summary>
public sealed class PostgresAdLeadStore(PostgresContext context, AdLeadWriteBatcher writes) : IAdLeadStore
{
    public Task UpsertAsync(AdLead lead, CancellationToken cancellation)
    {
        ArgumentNullException.ThrowIfNull(lead);
        return writes.EnqueueAsync(lead, cancellation);
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
