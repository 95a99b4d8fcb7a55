using GrainPipeline.Stores.Postgres.Storage;
using Npgsql;
using NpgsqlTypes;

namespace GrainPipeline.Stores.Postgres.Batching;

/// <summary>Adds (shop, week, client) rows, one <c>INSERT … ON CONFLICT DO NOTHING</c> per batch, distinct and in key order.</summary>
public sealed class WeeklyVisitorWriteBatcher(PostgresContext context)
    : PostgresWriteBatcher<WeeklyVisitorWriteBatcher.Visit, bool>("weekly_visitors", context)
{
    private const string Sql = """
        INSERT INTO weekly_visitors (shop, week_start, client_id)
        SELECT * FROM unnest($1::text[], $2::date[], $3::text[])
        ON CONFLICT DO NOTHING
        """;

    public readonly record struct Visit(string Shop, DateOnly WeekStart, string ClientId);

    protected override async Task<bool[]> ExecuteAsync(IReadOnlyList<Visit> items, CancellationToken cancellation)
    {
        var rows = items.Distinct()
            .OrderBy(v => v.Shop, StringComparer.Ordinal).ThenBy(v => v.WeekStart).ThenBy(v => v.ClientId, StringComparer.Ordinal)
            .ToList();
        await using var command = Context.Command(Sql);
        command.Parameters.Add(new NpgsqlParameter { Value = rows.Select(v => v.Shop).ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text });
        command.Parameters.Add(new NpgsqlParameter { Value = rows.Select(v => v.WeekStart).ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Date });
        command.Parameters.Add(new NpgsqlParameter { Value = rows.Select(v => v.ClientId).ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text });
        await command.ExecuteNonQueryAsync(cancellation);
        return Enumerable.Repeat(true, items.Count).ToArray();
    }
}
