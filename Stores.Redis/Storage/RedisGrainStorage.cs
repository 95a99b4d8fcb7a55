using GrainPipeline.Stores.Abstractions;
using GrainPipeline.Runtime;
using GrainPipeline.Runtime.Storage;
using GrainPipeline.Stores.Redis.Resp;

namespace GrainPipeline.Stores.Redis.Storage;

/// <summary>
/// Grain state in Redis: a hash per state (<c>{prefix}grain:{state}:{type}/{key}</c>) with the
/// serialized state in field d and its ETag in field e. Writes and clears are compare-and-set
/// scripts; a mismatch raises <see cref="InconsistentStateException"/> naming the stored ETag.
/// ETags are random, so a state cleared and written again never reuses an old ETag.
/// </summary>
public sealed class RedisGrainStorage : IGrainStorage
{
    /// <summary>KEYS[1] = state; ARGV = expected ETag ('' = must not exist), new ETag, data. Returns {1, etag} or {0, stored}.</summary>
    internal static readonly RedisScript Write = new("grain-write", """
        local stored = redis.call('HGET', KEYS[1], 'e')
        if ARGV[1] == '' then
          if stored then return {0, stored} end
        elseif stored ~= ARGV[1] then
          return {0, stored or ''}
        end
        redis.call('HSET', KEYS[1], 'd', ARGV[3], 'e', ARGV[2])
        return {1, ARGV[2]}
        """);

    /// <summary>KEYS[1] = state; ARGV[1] = expected ETag ('' = must not exist). Returns {1, ''} or {0, stored}.</summary>
    internal static readonly RedisScript Clear = new("grain-clear", """
        local stored = redis.call('HGET', KEYS[1], 'e')
        if ARGV[1] == '' then
          if stored then return {0, stored} end
          return {1, ''}
        end
        if stored ~= ARGV[1] then return {0, stored or ''} end
        redis.call('DEL', KEYS[1])
        return {1, ''}
        """);

    private readonly RedisConnection _connection;
    private readonly RedisKeys _keys;

    public RedisGrainStorage(RedisConnection connection)
    {
        ArgumentNullException.ThrowIfNull(connection);
        _connection = connection;
        _keys = new RedisKeys(connection.Options.KeyPrefix);
    }

    internal static IEnumerable<RedisScript> Scripts => [Write, Clear];

    public Task<StoredGrainState?> ReadAsync(string stateName, GrainId grainId, CancellationToken cancellation)
    {
        var key = _keys.GrainState(stateName, grainId);
        return RedisCall.RunAsync(_connection, "grain read", key, static async (c, k, token) =>
        {
            var fields = (await c.ExecuteAsync(RespRequest.Create("HMGET", k, "d", "e"), token)).Items;
            if (fields.Length != 2 || fields[1].IsNull) return null;
            return new StoredGrainState(fields[0].AsBytes() ?? [], fields[1].AsString()!);
        }, cancellation);
    }

    public Task<string> WriteAsync(string stateName, GrainId grainId, ReadOnlyMemory<byte> data, string? expectedEtag, CancellationToken cancellation)
    {
        var key = _keys.GrainState(stateName, grainId);
        var etag = Guid.NewGuid().ToString("N");
        return RedisCall.RunAsync(_connection, "grain write", (key, data, expectedEtag, etag, stateName, grainId), static async (c, s, token) =>
        {
            var reply = (await c.EvalAsync(Write, [s.key], [s.expectedEtag ?? "", s.etag, s.data], token)).Items;
            if (reply[0].AsInt64() == 1) return s.etag;
            throw InconsistentStateException.For(s.stateName, s.grainId, NullIfEmpty(reply[1].AsString()), s.expectedEtag);
        }, cancellation);
    }

    public Task ClearAsync(string stateName, GrainId grainId, string? expectedEtag, CancellationToken cancellation)
    {
        var key = _keys.GrainState(stateName, grainId);
        return RedisCall.RunAsync(_connection, "grain clear", (key, expectedEtag, stateName, grainId), static async (c, s, token) =>
        {
            var reply = (await c.EvalAsync(Clear, [s.key], [s.expectedEtag ?? ""], token)).Items;
            if (reply[0].AsInt64() != 1)
                throw InconsistentStateException.For(s.stateName, s.grainId, NullIfEmpty(reply[1].AsString()), s.expectedEtag);
        }, cancellation);
    }

    private static string? NullIfEmpty(string? text) => string.IsNullOrEmpty(text) ? null : text;

    /// <summary>This adapter reports an unreachable server as <see cref="StoreUnavailableException"/>.</summary>
    public bool IsTransient(Exception error) =>
        error is StoreUnavailableException or TimeoutException or IOException or System.Net.Sockets.SocketException;
}
