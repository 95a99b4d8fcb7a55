using System.Globalization;
using System.Text;
using GrainPipeline.Runtime;
using GrainPipeline.Stores.Model;

namespace GrainPipeline.Stores.Redis.Storage;

/// <summary>
/// Every key the adapters write. Parts that come from data are escaped (<c>%</c>, <c>|</c>, <c>:</c>,
/// <c>/</c>), so no two identities share a key and stat-cell keys parse back. A partition's stat keys
/// carry the hash tag <c>{partition}</c>, so the take script's keys live in one cluster slot.
/// </summary>
internal sealed class RedisKeys(string prefix)
{
    public string Prefix => prefix;

    public string StatCell(int partition, ProductStatKey cell) =>
        $"{StatCellPrefix(partition)}{Escape(cell.Shop)}|{Escape(cell.ProductId)}|{cell.Day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)}";

    /// <summary>
    /// The set of one partition's cells that hold counts. The flusher reads it with SSCAN, so a take
    /// costs the partition's own cells, not a walk of every key in the database.
    /// </summary>
    public string StatIndex(int partition) => $"{prefix}stats-index:{{{P(partition)}}}";

    /// <summary>An event whose stats were added; in the partition's slot, beside the cells it touched.</summary>
    public string StatApplied(int partition, string eventId) => $"{prefix}stats-applied:{{{P(partition)}}}:{eventId}";

    public string StatPending(int partition) => $"{prefix}stats-pending:{{{P(partition)}}}";

    public ProductStatKey ParseStatCell(string key)
    {
        var body = key.AsSpan(key.IndexOf("}:", StringComparison.Ordinal) + 2);
        var first = body.IndexOf('|');
        var last = body.LastIndexOf('|');
        if (first < 0 || last == first) throw new FormatException($"Not a stat cell key: '{key}'.");
        return new ProductStatKey(
            Unescape(body[..first].ToString()),
            Unescape(body[(first + 1)..last].ToString()),
            DateOnly.ParseExact(body[(last + 1)..], "yyyy-MM-dd", CultureInfo.InvariantCulture));
    }

    public string WeeklyVisitors(string shop, DateOnly weekStart) =>
        $"{prefix}wv:{Escape(shop)}:{weekStart.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)}";

    public string GrainState(string stateName, GrainId grainId) =>
        $"{prefix}grain:{Escape(stateName)}:{Escape(grainId.Type)}/{Escape(grainId.Key)}";

    public string ReminderIndex => $"{prefix}reminders:{{r}}:index";

    public string ReminderRows => $"{prefix}reminders:{{r}}:rows";

    private string StatCellPrefix(int partition) => $"{prefix}stats:{{{P(partition)}}}:";

    private static string P(int partition) => partition.ToString(CultureInfo.InvariantCulture);

    internal static string Escape(string part)
    {
        if (part.AsSpan().IndexOfAny("%|:/") < 0) return part;
        var text = new StringBuilder(part.Length + 8);
        foreach (var c in part)
        {
            _ = c switch
            {
                '%' => text.Append("%25"),
                '|' => text.Append("%7C"),
                ':' => text.Append("%3A"),
                '/' => text.Append("%2F"),
                _ => text.Append(c),
            };
        }
        return text.ToString();
    }

    internal static string Unescape(string part) =>
        part.Contains('%', StringComparison.Ordinal)
            ? part.Replace("%7C", "|", StringComparison.Ordinal).Replace("%3A", ":", StringComparison.Ordinal)
                .Replace("%2F", "/", StringComparison.Ordinal).Replace("%25", "%", StringComparison.Ordinal)
            : part;
}
