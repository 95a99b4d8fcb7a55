using System.Globalization;
using GrainPipeline.Stores.Model;
using GrainPipeline.Stores.Redis.Hosting;
using GrainPipeline.Stores.Redis.Options;
using GrainPipeline.Stores.Redis.Resp;

namespace GrainPipeline.StoresBench;

/// <summary>HINCRBY one at a time vs. many callers on the one pipelined connection, and the stats-increment script.</summary>
internal static class RedisBench
{
    public static async Task RunAsync(string host, int port, BenchSettings settings)
    {
        var duration = TimeSpan.FromSeconds(settings.Seconds);
        var options = new RedisOptions { Host = host, Port = port, KeyPrefix = $"bench{Environment.ProcessId}:" };
        await using var stores = await RedisStores.ConnectAsync(options);
        var connection = stores.Connection;

        await Measure.RateAsync("redis HINCRBY, 1 caller (round trip each)", 1, duration,
            (_, n) => connection.HashIncrementAsync(Key(options, n), "v", 1, default));

        var writes = connection.Counters.SocketWrites;
        var commands = connection.Counters.CommandsSent;
        await Measure.RateAsync("redis HINCRBY, pipelined", settings.Workers, duration,
            (_, n) => connection.HashIncrementAsync(Key(options, n), "v", 1, default),
            () => string.Create(CultureInfo.InvariantCulture,
                $"{(double)(connection.Counters.CommandsSent - commands) / Math.Max(1, connection.Counters.SocketWrites - writes):0.0} commands per socket write"));

        var shop = "bench.myshopify.com";
        await Measure.RateAsync("redis stats increment script (1 cell/call)", settings.Workers, duration,
            (worker, n) => stores.StatsBuffer.IncrementAsync((int)(n % 12),
                [new ProductStatDelta(new ProductStatKey(shop, $"p{n % 5000}", new DateOnly(2026, 11, 2)), 1, 0, 0, 19.99m)], default));

        // Clean up what the bench wrote (its own prefix only).
        var cursor = 0UL;
        do
        {
            var page = await connection.ScanAsync(cursor, options.KeyPrefix + "*", 1000, default);
            if (page.Items.Count > 0) await connection.DeleteAsync(page.Items.Select(v => v.AsString()!).ToList(), default);
            cursor = page.Cursor;
        } while (cursor != 0);
    }

    private static string Key(RedisOptions options, long n) => $"{options.KeyPrefix}h:{n % 10_000}";
}
