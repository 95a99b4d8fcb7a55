using System.Text.Json;
using GrainPipeline.Runtime;
using GrainPipeline.Runtime.Timers;
using GrainPipeline.Stores.Redis.Resp;

namespace GrainPipeline.Stores.Redis.Storage;

/// <summary>
/// Reminder rows in Redis: a sorted set of row keys, all at score 0 so they sort by their bytes
/// (ZRANGEBYLEX), plus a hash from row key to the row. Upsert, remove and page reads are scripts, so
/// the index and the rows never disagree and a page costs one round trip.
/// </summary>
public sealed class RedisReminderTable : IReminderTable
{
    /// <summary>KEYS = index, rows; ARGV = row key, row.</summary>
    internal static readonly RedisScript Upsert = new("reminder-upsert", """
        redis.call('ZADD', KEYS[1], 0, ARGV[1])
        redis.call('HSET', KEYS[2], ARGV[1], ARGV[2])
        return 1
        """);

    /// <summary>KEYS = index, rows; ARGV = row key. Returns 1 when a row was removed.</summary>
    internal static readonly RedisScript Remove = new("reminder-remove", """
        redis.call('ZREM', KEYS[1], ARGV[1])
        return redis.call('HDEL', KEYS[2], ARGV[1])
        """);

    /// <summary>KEYS = index, rows; ARGV = lex minimum ('-' or '(' .. after), page size. Returns the rows in key order.</summary>
    internal static readonly RedisScript Page = new("reminder-page", """
        local keys = redis.call('ZRANGEBYLEX', KEYS[1], ARGV[1], '+', 'LIMIT', 0, tonumber(ARGV[2]))
        local rows = {}
        for i = 1, #keys do
          local row = redis.call('HGET', KEYS[2], keys[i])
          if row then rows[#rows + 1] = row end
        end
        return rows
        """);

    private readonly RedisConnection _connection;
    private readonly RedisKeys _keys;

    public RedisReminderTable(RedisConnection connection)
    {
        ArgumentNullException.ThrowIfNull(connection);
        _connection = connection;
        _keys = new RedisKeys(connection.Options.KeyPrefix);
    }

    internal static IEnumerable<RedisScript> Scripts => [Upsert, Remove, Page];

    public Task UpsertAsync(ReminderEntry entry, CancellationToken cancellation)
    {
        ArgumentNullException.ThrowIfNull(entry);
        var row = JsonSerializer.SerializeToUtf8Bytes(ReminderRow.From(entry));
        return RedisCall.RunAsync(_connection, "reminder upsert", (keys: _keys, entry.Key, row),
            static (c, s, token) => c.EvalAsync(Upsert, [s.keys.ReminderIndex, s.keys.ReminderRows], [s.Key, s.row], token), cancellation);
    }

    public Task<bool> RemoveAsync(GrainId grainId, string reminderName, CancellationToken cancellation)
    {
        var key = new ReminderEntry(grainId, reminderName, default, default).Key;
        return RedisCall.RunAsync(_connection, "reminder remove", (keys: _keys, key), static async (c, s, token) =>
            (await c.EvalAsync(Remove, [s.keys.ReminderIndex, s.keys.ReminderRows], [s.key], token)).AsInt64() == 1, cancellation);
    }

    public Task<IReadOnlyList<ReminderEntry>> ReadPageAsync(string? afterKey, int pageSize, CancellationToken cancellation)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(pageSize, 1);
        var min = afterKey is null ? "-" : "(" + afterKey;
        return RedisCall.RunAsync(_connection, "reminder page", (keys: _keys, min, pageSize), static async (c, s, token) =>
        {
            var rows = (await c.EvalAsync(Page, [s.keys.ReminderIndex, s.keys.ReminderRows], [s.min, s.pageSize], token)).Items;
            var page = new List<ReminderEntry>(rows.Length);
            foreach (var row in rows) page.Add(JsonSerializer.Deserialize<ReminderRow>(row.AsBytes()!)!.ToEntry());
            return (IReadOnlyList<ReminderEntry>)page;
        }, cancellation);
    }

    /// <summary>A reminder row as stored: start as UTC ticks and period as ticks, so both round-trip exactly.</summary>
    internal sealed record ReminderRow(string Type, string Key, string Name, long StartTicks, long PeriodTicks)
    {
        public static ReminderRow From(ReminderEntry entry) =>
            new(entry.GrainId.Type, entry.GrainId.Key, entry.Name, entry.StartAt.UtcTicks, entry.Period.Ticks);

        public ReminderEntry ToEntry() =>
            new(new GrainId(Type, Key), Name, new DateTimeOffset(StartTicks, TimeSpan.Zero), TimeSpan.FromTicks(PeriodTicks));
    }
}
