using GrainPipeline.Stores.Model;
using GrainPipeline.Stores.Postgres.Storage;
using Npgsql;
using NpgsqlTypes;

namespace GrainPipeline.Stores.Postgres.Batching;

/// <summary>
/// Folds customer activity into profiles, one upsert statement per batch. Activities of the same
/// customer in one batch are folded first (an upsert may touch a row only once per statement), with
/// the same commutative rules the statement applies: earliest first_seen, latest last_seen, the last
/// non-null email, sums of events, orders and revenue. Rows go in key order (no lock-order deadlocks).
/// </summary>
public sealed class CustomerWriteBatcher(PostgresContext context) : PostgresWriteBatcher<CustomerActivity, bool>("customers", context)
{
    private const string Sql = """
        INSERT INTO customers AS c (shop, client_id, first_seen, last_seen, email, events, orders, revenue)
        SELECT * FROM unnest($1::text[], $2::text[], $3::timestamptz[], $4::timestamptz[], $5::text[], $6::bigint[], $7::bigint[], $8::numeric[])
        ON CONFLICT (shop, client_id) DO UPDATE SET
            first_seen = LEAST(c.first_seen, EXCLUDED.first_seen),
            last_seen  = GREATEST(c.last_seen, EXCLUDED.last_seen),
            email      = COALESCE(EXCLUDED.email, c.email),
            events     = c.events + EXCLUDED.events,
            orders     = c.orders + EXCLUDED.orders,
            revenue    = c.revenue + EXCLUDED.revenue
        """;

    protected override async Task<bool[]> ExecuteAsync(IReadOnlyList<CustomerActivity> items, CancellationToken cancellation)
    {
        var folded = new Dictionary<(string Shop, string ClientId), Folded>(items.Count);
        foreach (var a in items)
        {
            var key = (a.Shop, a.ClientId);
            folded[key] = folded.TryGetValue(key, out var f) ? f.Add(a) : Folded.From(a);
        }
        var rows = folded.OrderBy(p => p.Key.Shop, StringComparer.Ordinal).ThenBy(p => p.Key.ClientId, StringComparer.Ordinal).ToList();

        var n = rows.Count;
        var shops = new string[n];
        var clients = new string[n];
        var firstSeen = new DateTimeOffset[n];
        var lastSeen = new DateTimeOffset[n];
        var emails = new string?[n];
        var events = new long[n];
        var orders = new long[n];
        var revenue = new decimal[n];
        for (var i = 0; i < n; i++)
        {
            var (key, f) = (rows[i].Key, rows[i].Value);
            shops[i] = key.Shop;
            clients[i] = key.ClientId;
            firstSeen[i] = f.FirstSeen.ToUniversalTime();
            lastSeen[i] = f.LastSeen.ToUniversalTime();
            emails[i] = f.Email;
            events[i] = f.Events;
            orders[i] = f.Orders;
            revenue[i] = f.Revenue;
        }

        await using var command = Context.Command(Sql);
        command.Parameters.Add(new NpgsqlParameter { Value = shops, NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text });
        command.Parameters.Add(new NpgsqlParameter { Value = clients, NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text });
        command.Parameters.Add(new NpgsqlParameter { Value = firstSeen, NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.TimestampTz });
        command.Parameters.Add(new NpgsqlParameter { Value = lastSeen, NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.TimestampTz });
        command.Parameters.Add(new NpgsqlParameter { Value = emails, NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text });
        command.Parameters.Add(new NpgsqlParameter { Value = events, NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Bigint });
        command.Parameters.Add(new NpgsqlParameter { Value = orders, NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Bigint });
        command.Parameters.Add(new NpgsqlParameter { Value = revenue, NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Numeric });
        await command.ExecuteNonQueryAsync(cancellation);
        return Enumerable.Repeat(true, items.Count).ToArray();
    }

    private readonly record struct Folded(DateTimeOffset FirstSeen, DateTimeOffset LastSeen, string? Email, long Events, long Orders, decimal Revenue)
    {
        public static Folded From(CustomerActivity a) => new(a.SeenAt, a.LastSeenAt, a.Email, a.Events, a.Orders, a.Revenue);

        public Folded Add(CustomerActivity a) => new(
            a.SeenAt < FirstSeen ? a.SeenAt : FirstSeen,
            a.LastSeenAt > LastSeen ? a.LastSeenAt : LastSeen,
            a.Email ?? Email,
            Events + a.Events,
            Orders + a.Orders,
            Revenue + a.Revenue);
    }
}
