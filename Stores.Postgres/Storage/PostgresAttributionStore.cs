using GrainPipeline.Stores.Abstractions;
using GrainPipeline.Stores.Model;
using GrainPipeline.Stores.Postgres.Batching;

namespace GrainPipeline.Stores.Postgres.Storage;

/// <summary>Attributions in <c>attributions</c>: upserts go through the <see cref="AttributionWriteBatcher"/>.</summary>
public sealed class PostgresAttributionStore(PostgresContext context, AttributionWriteBatcher writes) : IAttributionStore
{
    public Task UpsertAsync(Attribution attribution, CancellationToken cancellation)
    {
        ArgumentNullException.ThrowIfNull(attribution);
        return writes.EnqueueAsync(attribution, cancellation);
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
