using GrainPipeline.Stores.Abstractions;
using GrainPipeline.Stores.Redis.Resp;

namespace GrainPipeline.Stores.Redis.Storage;

/// <summary>
/// Weekly unique visitors as an exact set per shop and week (<c>{prefix}wv:{shop}:{week}</c>), so
/// counts can be verified; SADD is idempotent. Each addition also pushes the set's expiry out to
/// <c>Redis:WeeklyVisitorRetention</c>; both commands go out in one round trip.
/// </summary>
public sealed class RedisWeeklyVisitorStore : IWeeklyVisitorStore
{
    private readonly RedisConnection _connection;
    private readonly RedisKeys _keys;

    public RedisWeeklyVisitorStore(RedisConnection connection)
    {
        ArgumentNullException.ThrowIfNull(connection);
        _connection = connection;
        _keys = new RedisKeys(connection.Options.KeyPrefix);
    }

    public Task AddAsync(string shop, DateOnly weekStart, string clientId, CancellationToken cancellation)
    {
        ArgumentNullException.ThrowIfNull(shop);
        ArgumentNullException.ThrowIfNull(clientId);
        var key = _keys.WeeklyVisitors(shop, weekStart);
        return RedisCall.RunAsync(_connection, "weekly visitor add", (key, clientId), static async (c, s, token) =>
        {
            var add = c.ExecuteAsync(RespRequest.Create("SADD", s.key, s.clientId), token);
            var expire = c.ExecuteAsync(RespRequest.Create("PEXPIRE", s.key, (long)c.Options.WeeklyVisitorRetention.TotalMilliseconds), token);
            await Task.WhenAll(add, expire);
        }, cancellation);
    }

    public Task<long> CountAsync(string shop, DateOnly weekStart, CancellationToken cancellation)
    {
        ArgumentNullException.ThrowIfNull(shop);
        var key = _keys.WeeklyVisitors(shop, weekStart);
        return RedisCall.RunAsync(_connection, "weekly visitor count", key,
            static (c, k, token) => c.SetCardinalityAsync(k, token), cancellation);
    }
}
