using GrainPipeline.Stores.Abstractions;
using GrainPipeline.Stores.Postgres.Batching;

namespace GrainPipeline.Stores.Postgres.Storage;

/// <summary>Weekly unique visitors in <c>weekly_visitors</c>: additions go through the <see cref="WeeklyVisitorWriteBatcher"/>.</summary>
public sealed class PostgresWeeklyVisitorStore(PostgresContext context, WeeklyVisitorWriteBatcher writes) : IWeeklyVisitorStore
{
    public Task AddAsync(string shop, DateOnly weekStart, string clientId, CancellationToken cancellation)
    {
        ArgumentNullException.ThrowIfNull(shop);
        ArgumentNullException.ThrowIfNull(clientId);
        return writes.EnqueueAsync(new WeeklyVisitorWriteBatcher.Visit(shop, weekStart, clientId), cancellation);
    }

    public Task<long> CountAsync(string shop, DateOnly weekStart, CancellationToken cancellation) =>
        context.RunAsync("weekly visitor count", (shop, weekStart), static async (source, k, token) =>
        {
            await using var command = source.CreateCommand("SELECT count(*) FROM weekly_visitors WHERE shop = $1 AND week_start = $2");
            command.Add(k.shop);
            command.Add(k.weekStart);
            return (long)(await command.ExecuteScalarAsync(token))!;
        }, cancellation);
}
