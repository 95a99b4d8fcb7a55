using System.Globalization;

namespace GrainPipeline.Stores.Redis.Resp;

/// <summary>The commands the adapters use, typed. Each is one request on the shared connection.</summary>
public static class RedisCommands
{
    public static async Task<string?> PingAsync(this RedisConnection connection, CancellationToken cancellation) =>
        (await connection.ExecuteAsync(RespRequest.Create("PING"), cancellation)).AsString();

    public static async Task<byte[]?> GetAsync(this RedisConnection connection, string key, CancellationToken cancellation) =>
        (await connection.ExecuteAsync(RespRequest.Create("GET", key), cancellation)).AsBytes();

    /// <summary>SET with an optional expiry (PX); true when set.</summary>
    public static async Task<bool> SetAsync(this RedisConnection connection, string key, RespArg value, TimeSpan? expiry, CancellationToken cancellation)
    {
        var request = expiry is { } ttl
            ? RespRequest.Create("SET", key, value, "PX", (long)ttl.TotalMilliseconds)
            : RespRequest.Create("SET", key, value);
        return (await connection.ExecuteAsync(request, cancellation)).IsOk;
    }

    public static async Task<long> DeleteAsync(this RedisConnection connection, IReadOnlyList<string> keys, CancellationToken cancellation)
    {
        ArgumentNullException.ThrowIfNull(keys);
        if (keys.Count == 0) return 0;
        return (await connection.ExecuteAsync(RespRequest.Create("DEL", ToArgs(keys)), cancellation)).AsInt64();
    }

    public static async Task<bool> ExpireAsync(this RedisConnection connection, string key, TimeSpan ttl, CancellationToken cancellation) =>
        (await connection.ExecuteAsync(RespRequest.Create("PEXPIRE", key, (long)ttl.TotalMilliseconds), cancellation)).AsInt64() == 1;

    public static async Task<long> HashIncrementAsync(this RedisConnection connection, string key, string field, long by, CancellationToken cancellation) =>
        (await connection.ExecuteAsync(RespRequest.Create("HINCRBY", key, field, by), cancellation)).AsInt64();

    /// <summary>HINCRBYFLOAT; the new value as Redis prints it (a decimal string).</summary>
    public static async Task<string?> HashIncrementFloatAsync(this RedisConnection connection, string key, string field, decimal by, CancellationToken cancellation) =>
        (await connection.ExecuteAsync(RespRequest.Create("HINCRBYFLOAT", key, field, by.ToString(CultureInfo.InvariantCulture)), cancellation)).AsString();

    public static async Task<long> HashSetAsync(this RedisConnection connection, string key, string field, RespArg value, CancellationToken cancellation) =>
        (await connection.ExecuteAsync(RespRequest.Create("HSET", key, field, value), cancellation)).AsInt64();

    /// <summary>HGETALL as field → bytes.</summary>
    public static async Task<Dictionary<string, byte[]>> HashGetAllAsync(this RedisConnection connection, string key, CancellationToken cancellation) =>
        ToFieldMap((await connection.ExecuteAsync(RespRequest.Create("HGETALL", key), cancellation)).Items);

    public static async Task<long> SetAddAsync(this RedisConnection connection, string key, IReadOnlyList<string> members, CancellationToken cancellation) =>
        (await connection.ExecuteAsync(RespRequest.Create("SADD", Prepend(key, members)), cancellation)).AsInt64();

    public static async Task<long> SetCardinalityAsync(this RedisConnection connection, string key, CancellationToken cancellation) =>
        (await connection.ExecuteAsync(RespRequest.Create("SCARD", key), cancellation)).AsInt64();

    /// <summary>PFADD; true when the estimate changed.</summary>
    public static async Task<bool> HyperLogLogAddAsync(this RedisConnection connection, string key, IReadOnlyList<string> elements, CancellationToken cancellation) =>
        (await connection.ExecuteAsync(RespRequest.Create("PFADD", Prepend(key, elements)), cancellation)).AsInt64() == 1;

    public static async Task<long> HyperLogLogCountAsync(this RedisConnection connection, string key, CancellationToken cancellation) =>
        (await connection.ExecuteAsync(RespRequest.Create("PFCOUNT", key), cancellation)).AsInt64();

    /// <summary>SCAN cursor MATCH pattern COUNT count: keys.</summary>
    public static async Task<RedisScanPage> ScanAsync(this RedisConnection connection, ulong cursor, string match, int count, CancellationToken cancellation) =>
        ToPage(await connection.ExecuteAsync(RespRequest.Create("SCAN", Cursor(cursor), "MATCH", match, "COUNT", count), cancellation));

    /// <summary>HSCAN key cursor MATCH pattern COUNT count: items alternate field, value.</summary>
    public static async Task<RedisScanPage> HashScanAsync(this RedisConnection connection, string key, ulong cursor, string match, int count, CancellationToken cancellation) =>
        ToPage(await connection.ExecuteAsync(RespRequest.Create("HSCAN", key, Cursor(cursor), "MATCH", match, "COUNT", count), cancellation));

    /// <summary>SSCAN key cursor MATCH pattern COUNT count: members.</summary>
    public static async Task<RedisScanPage> SetScanAsync(this RedisConnection connection, string key, ulong cursor, string match, int count, CancellationToken cancellation) =>
        ToPage(await connection.ExecuteAsync(RespRequest.Create("SSCAN", key, Cursor(cursor), "MATCH", match, "COUNT", count), cancellation));

    public static async Task<long> SortedSetAddAsync(this RedisConnection connection, string key, double score, string member, CancellationToken cancellation) =>
        (await connection.ExecuteAsync(RespRequest.Create("ZADD", key, RespArg.From(score), member), cancellation)).AsInt64();

    public static async Task<long> SortedSetRemoveAsync(this RedisConnection connection, string key, string member, CancellationToken cancellation) =>
        (await connection.ExecuteAsync(RespRequest.Create("ZREM", key, member), cancellation)).AsInt64();

    /// <summary>ZRANGEBYLEX key min max LIMIT offset count (min/max in Redis syntax: <c>-</c>, <c>+</c>, <c>(x</c>, <c>[x</c>).</summary>
    public static async Task<string[]> SortedSetRangeByLexAsync(this RedisConnection connection, string key, string min, string max, int offset, int count, CancellationToken cancellation) =>
        (await connection.ExecuteAsync(RespRequest.Create("ZRANGEBYLEX", key, min, max, "LIMIT", offset, count), cancellation)).Items.Select(v => v.AsString()!).ToArray();

    /// <summary>SCRIPT LOAD; returns the SHA1 the server computed (equal to <see cref="RedisScript.Sha1"/>).</summary>
    public static async Task<string> ScriptLoadAsync(this RedisConnection connection, RedisScript script, CancellationToken cancellation)
    {
        ArgumentNullException.ThrowIfNull(script);
        return (await connection.ExecuteAsync(RespRequest.Create("SCRIPT", "LOAD", script.Source), cancellation)).AsString()!;
    }

    /// <summary>EVALSHA; on NOSCRIPT the script is loaded again and the call repeated once.</summary>
    public static Task<RespValue> EvalAsync(this RedisConnection connection, RedisScript script, ReadOnlySpan<RespArg> keys, ReadOnlySpan<RespArg> args, CancellationToken cancellation)
    {
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentNullException.ThrowIfNull(script);
        var all = new RespArg[2 + keys.Length + args.Length];
        all[0] = script.Sha1;
        all[1] = keys.Length;
        keys.CopyTo(all.AsSpan(2));
        args.CopyTo(all.AsSpan(2 + keys.Length));
        return EvalShaAsync(connection, script, RespRequest.Create("EVALSHA", all), cancellation);
    }

    public static async Task<bool> FlushDatabaseAsync(this RedisConnection connection, CancellationToken cancellation) =>
        (await connection.ExecuteAsync(RespRequest.Create("FLUSHDB"), cancellation)).IsOk;

    internal static Dictionary<string, byte[]> ToFieldMap(RespValue[] items)
    {
        var map = new Dictionary<string, byte[]>(items.Length / 2, StringComparer.Ordinal);
        for (var i = 0; i + 1 < items.Length; i += 2) map[items[i].AsString()!] = items[i + 1].AsBytes() ?? [];
        return map;
    }

    private static async Task<RespValue> EvalShaAsync(RedisConnection connection, RedisScript script, RespRequest request, CancellationToken cancellation)
    {
        try
        {
            return await connection.ExecuteAsync(request, cancellation);
        }
        catch (RedisServerException e) when (e.IsNoScript)
        {
            await connection.ScriptLoadAsync(script, cancellation);
            return await connection.ExecuteAsync(request, cancellation);
        }
    }

    private static RedisScanPage ToPage(RespValue reply)
    {
        var parts = reply.Items;
        if (parts.Length != 2) throw new RedisProtocolException($"A SCAN reply has two parts, got {reply}.");
        var cursor = ulong.Parse(parts[0].AsString()!, NumberStyles.None, CultureInfo.InvariantCulture);
        return new RedisScanPage(cursor, parts[1].Items);
    }

    private static string Cursor(ulong cursor) => cursor.ToString(CultureInfo.InvariantCulture);

    private static RespArg[] ToArgs(IReadOnlyList<string> values)
    {
        var args = new RespArg[values.Count];
        for (var i = 0; i < args.Length; i++) args[i] = values[i];
        return args;
    }

    private static RespArg[] Prepend(string key, IReadOnlyList<string> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        var args = new RespArg[values.Count + 1];
        args[0] = key;
        for (var i = 0; i < values.Count; i++) args[i + 1] = values[i];
        return args;
    }
}
