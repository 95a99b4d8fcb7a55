using System.Globalization;
using GrainPipeline.Stores.Abstractions;
using GrainPipeline.Stores.Model;
using GrainPipeline.Stores.Redis.Resp;

namespace GrainPipeline.Stores.Redis.Storage;

/// <summary>
/// The product-stat buffer in Redis. Each cell is a hash <c>{prefix}stats:{partition}:{shop}|{product}|{day}</c>
/// with integer fields v (views), a (adds to cart), p (purchases) and r (revenue in 1/10,000 units).
/// Every increment also adds the cell's key to the partition's index set, in the same script.
/// <para>Take: SSCAN the partition's index (COUNT <c>Redis:StatsScanCount</c>) up to the batch size,
/// then one script (EVALSHA) that moves those cells into the partition's pending hash under a fresh
/// batch id, deletes them and removes them from the index — or, when a batch is already pending,
/// returns that batch instead. Acknowledge deletes the pending hash if it still holds that id. Cells
/// incremented after the take simply start again from zero (and join the index again); nothing is
/// lost between the read and the delete because both happen inside one script.</para>
/// </summary>
public sealed class RedisProductStatsBuffer : IProductStatsBuffer
{
    internal const string PendingIdField = "#id";

    /// <summary>
    /// Lua shared by the increment scripts: adds 4 integers per cell (from ARGV[firstArg]) to the
    /// cells KEYS[firstCell..lastCell], and records each cell in the partition's index set.
    /// </summary>
    private const string AddCells = """
        local function add_cells(index, first_cell, last_cell, first_arg)
          for i = first_cell, last_cell do
            local b = first_arg + (i - first_cell) * 4
            local any = false
            if ARGV[b] ~= '0' then redis.call('HINCRBY', KEYS[i], 'v', ARGV[b]); any = true end
            if ARGV[b + 1] ~= '0' then redis.call('HINCRBY', KEYS[i], 'a', ARGV[b + 1]); any = true end
            if ARGV[b + 2] ~= '0' then redis.call('HINCRBY', KEYS[i], 'p', ARGV[b + 2]); any = true end
            if ARGV[b + 3] ~= '0' then redis.call('HINCRBY', KEYS[i], 'r', ARGV[b + 3]); any = true end
            if not any then redis.call('HINCRBY', KEYS[i], 'v', 0) end
            redis.call('SADD', index, KEYS[i])
          end
        end

        """;

    /// <summary>KEYS[1] = the partition's index, KEYS[2..] = cells; ARGV = 4 integers per cell. All or nothing per call.</summary>
    internal static readonly RedisScript Increment = new("stats-increment", AddCells + """
        add_cells(KEYS[1], 2, #KEYS, 1)
        return #KEYS - 1
        """);

    /// <summary>
    /// Each event's cells, added only when its applied marker is new (<c>SET NX EX</c>), all in one
    /// step. KEYS[1] = the partition's index, KEYS[2..n+1] = the events' applied markers, then the
    /// cells of event 1, of event 2, and so on;
    /// ARGV[1] = marker lifetime in seconds, ARGV[2] = n, ARGV[3..n+2] = each event's number of cells,
    /// then 4 integers per cell. Returns 1 or 0 per event: added, or skipped (its marker existed).
    /// </summary>
    internal static readonly RedisScript IncrementEachOnce = new("stats-increment-each-once", AddCells + """
        local n = tonumber(ARGV[2])
        local cell = n + 2
        local arg = n + 3
        local added = {}
        for e = 1, n do
          local cells = tonumber(ARGV[2 + e])
          if redis.call('SET', KEYS[1 + e], '1', 'NX', 'EX', ARGV[1]) then
            add_cells(KEYS[1], cell, cell + cells - 1, arg)
            added[e] = 1
          else
            added[e] = 0
          end
          cell = cell + cells
          arg = arg + cells * 4
        end
        return added
        """);

    /// <summary>
    /// KEYS[1] = pending hash, KEYS[2] = the partition's index, KEYS[3..] = candidate cells;
    /// ARGV[1] = id for a new batch. Returns the pending hash.
    /// </summary>
    internal static readonly RedisScript Take = new("stats-take", """
        local pending = KEYS[1]
        if redis.call('HEXISTS', pending, '#id') == 1 then
          return redis.call('HGETALL', pending)
        end
        local moved = 0
        for i = 3, #KEYS do
          local v = redis.call('HMGET', KEYS[i], 'v', 'a', 'p', 'r')
          if v[1] or v[2] or v[3] or v[4] then
            redis.call('HSET', pending, KEYS[i], (v[1] or '0') .. ' ' .. (v[2] or '0') .. ' ' .. (v[3] or '0') .. ' ' .. (v[4] or '0'))
            redis.call('DEL', KEYS[i])
            moved = moved + 1
          end
          redis.call('SREM', KEYS[2], KEYS[i])
        end
        if moved == 0 then return {} end
        redis.call('HSET', pending, '#id', ARGV[1])
        return redis.call('HGETALL', pending)
        """);

    /// <summary>KEYS[1] = pending hash; ARGV[1] = batch id. Deletes the pending batch only if it is that one.</summary>
    internal static readonly RedisScript Acknowledge = new("stats-ack", """
        if redis.call('HGET', KEYS[1], '#id') == ARGV[1] then
          redis.call('DEL', KEYS[1])
          return 1
        end
        return 0
        """);

    private readonly RedisConnection _connection;
    private readonly RedisKeys _keys;

    public RedisProductStatsBuffer(RedisConnection connection)
    {
        ArgumentNullException.ThrowIfNull(connection);
        _connection = connection;
        _keys = new RedisKeys(connection.Options.KeyPrefix);
    }

    internal static IEnumerable<RedisScript> Scripts => [Increment, IncrementEachOnce, Take, Acknowledge];

    public Task IncrementAsync(int partition, IReadOnlyList<ProductStatDelta> deltas, CancellationToken cancellation)
    {
        ArgumentNullException.ThrowIfNull(deltas);
        if (deltas.Count == 0) return Task.CompletedTask;
        var keys = new RespArg[deltas.Count + 1];
        var args = new RespArg[deltas.Count * 4];
        keys[0] = _keys.StatIndex(partition);
        for (var i = 0; i < deltas.Count; i++)
        {
            var delta = deltas[i];
            keys[i + 1] = _keys.StatCell(partition, delta.Key);
            args[(i * 4) + 0] = delta.Views;
            args[(i * 4) + 1] = delta.AddsToCart;
            args[(i * 4) + 2] = delta.Purchases;
            args[(i * 4) + 3] = RevenueUnits.ToUnits(delta.Revenue);
        }
        return RedisCall.RunAsync(_connection, "stats increment", (keys, args),
            static (c, s, token) => c.EvalAsync(Increment, s.keys, s.args, token), cancellation);
    }

    public async Task<bool[]> IncrementEachOnceAsync(int partition, IReadOnlyList<EventStatDeltas> events, CancellationToken cancellation)
    {
        ArgumentNullException.ThrowIfNull(events);
        if (events.Count == 0) return [];
        var cellCount = 0;
        foreach (var (eventId, deltas) in events)
        {
            ArgumentNullException.ThrowIfNull(eventId);
            ArgumentNullException.ThrowIfNull(deltas);
            cellCount += deltas.Count;
        }
        var keys = new RespArg[1 + events.Count + cellCount];
        var args = new RespArg[2 + events.Count + (cellCount * 4)];
        keys[0] = _keys.StatIndex(partition);
        args[0] = (long)Math.Ceiling(_connection.Options.StatsAppliedRetention.TotalSeconds);
        args[1] = events.Count;
        var key = 1 + events.Count;
        var arg = 2 + events.Count;
        for (var e = 0; e < events.Count; e++)
        {
            var (eventId, deltas) = events[e];
            keys[1 + e] = _keys.StatApplied(partition, eventId);
            args[2 + e] = deltas.Count;
            for (var i = 0; i < deltas.Count; i++)
            {
                var delta = deltas[i];
                keys[key++] = _keys.StatCell(partition, delta.Key);
                args[arg++] = delta.Views;
                args[arg++] = delta.AddsToCart;
                args[arg++] = delta.Purchases;
                args[arg++] = RevenueUnits.ToUnits(delta.Revenue);
            }
        }
        var reply = await RedisCall.RunAsync(_connection, "stats increment each once", (keys, args),
            static (c, s, token) => c.EvalAsync(IncrementEachOnce, s.keys, s.args, token), cancellation);
        var items = reply.Items;
        if (items.Length != events.Count)
            throw new RedisProtocolException($"The stats increment answered for {items.Length} events, not {events.Count}.");
        var added = new bool[items.Length];
        for (var e = 0; e < items.Length; e++) added[e] = items[e].AsInt64() == 1;
        return added;
    }

    public Task<ProductStatBatch> TakeBatchAsync(int partition, int maxKeys, CancellationToken cancellation)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxKeys, 1);
        return RedisCall.RunAsync(_connection, "stats take", (buffer: this, partition, maxKeys),
            static (c, s, token) => s.buffer.TakeAsync(c, s.partition, s.maxKeys, token), cancellation);
    }

    public Task AcknowledgeAsync(int partition, string batchId, CancellationToken cancellation)
    {
        ArgumentException.ThrowIfNullOrEmpty(batchId);
        var pending = _keys.StatPending(partition);
        return RedisCall.RunAsync(_connection, "stats acknowledge", (pending, batchId),
            static (c, s, token) => c.EvalAsync(Acknowledge, [s.pending], [s.batchId], token), cancellation);
    }

    private async Task<ProductStatBatch> TakeAsync(RedisConnection connection, int partition, int maxKeys, CancellationToken cancellation)
    {
        var pending = _keys.StatPending(partition);
        var index = _keys.StatIndex(partition);
        var count = connection.Options.StatsScanCount;
        // The pending check rides in the same round trip as the first SSCAN page.
        var pendingCheck = connection.ExecuteAsync(RespRequest.Create("HEXISTS", pending, PendingIdField), cancellation);
        var page = await connection.SetScanAsync(index, 0, "*", count, cancellation);
        if ((await pendingCheck).AsInt64() == 1) return await RunTakeAsync(connection, partition, pending, index, [], cancellation);

        var candidates = new HashSet<string>(StringComparer.Ordinal);
        while (true)
        {
            foreach (var item in page.Items)
            {
                if (candidates.Count == maxKeys) break;
                candidates.Add(item.AsString()!); // SSCAN may repeat a member; the set keeps it once
            }
            if (page.IsLast || candidates.Count == maxKeys) break;
            page = await connection.SetScanAsync(index, page.Cursor, "*", count, cancellation);
        }
        if (candidates.Count == 0) return ProductStatBatch.Empty(partition);
        return await RunTakeAsync(connection, partition, pending, index, candidates, cancellation);
    }

    private async Task<ProductStatBatch> RunTakeAsync(RedisConnection connection, int partition, string pending, string index, IReadOnlyCollection<string> candidates, CancellationToken cancellation)
    {
        var keys = new RespArg[candidates.Count + 2];
        keys[0] = pending;
        keys[1] = index;
        var i = 2;
        foreach (var candidate in candidates) keys[i++] = candidate;
        var reply = await connection.EvalAsync(Take, keys, [ProductStatBatch.NewId(partition)], cancellation);
        return ParseBatch(partition, reply.Items);
    }

    private ProductStatBatch ParseBatch(int partition, RespValue[] fields)
    {
        string? id = null;
        var cells = new List<ProductStatDelta>(fields.Length / 2);
        for (var i = 0; i + 1 < fields.Length; i += 2)
        {
            var name = fields[i].AsString()!;
            var value = fields[i + 1].AsString()!;
            if (name == PendingIdField)
            {
                id = value;
                continue;
            }
            var parts = value.Split(' ');
            if (parts.Length != 4) throw new FormatException($"Pending stat cell '{name}' holds '{value}', expected four integers.");
            cells.Add(new ProductStatDelta(_keys.ParseStatCell(name), Long(parts[0]), Long(parts[1]), Long(parts[2]), RevenueUnits.FromUnits(Long(parts[3]))));
        }
        if (cells.Count == 0) return ProductStatBatch.Empty(partition);
        return new ProductStatBatch(partition, id ?? throw new FormatException($"Pending stat batch of partition {partition} has no id."), cells);
    }

    private static long Long(string text) => long.Parse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
}
