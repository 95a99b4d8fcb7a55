using GrainPipeline.Dashboard.Sources;
using GrainPipeline.Runtime;
using GrainPipeline.Runtime.Timers;

namespace GrainPipeline.Silo.Dashboard;

/// <summary>
/// Pages through the reminder table for the dashboard: rows after a cursor, in key order, keeping
/// those whose grain or name contains the filter. It reads the table page by page and stops after
/// <see cref="MaxScanned"/> rows, so a filter that matches little never loads the whole table.
/// </summary>
internal sealed class ReminderBrowser(IReminderTable table, Func<GrainId, bool> ownedHere, TimeProvider clock)
{
    public const int MaxScanned = 10_000;
    private const int ReadSize = 200;

    public async Task<ReminderPage> ReadAsync(string? after, int size, string? filter, CancellationToken cancellation)
    {
        var rows = new List<ReminderRow>(size);
        var scanned = 0;
        var cursor = after;
        var now = clock.GetUtcNow();
        while (true)
        {
            var page = await table.ReadPageAsync(cursor, ReadSize, cancellation);
            foreach (var entry in page)
            {
                scanned++;
                cursor = entry.Key;
                if (filter is null || Matches(entry, filter)) rows.Add(Row(entry, now));
                if (rows.Count == size || scanned >= MaxScanned) return new ReminderPage(rows, cursor, scanned);
            }
            if (page.Count < ReadSize) return new ReminderPage(rows, null, scanned);
        }
    }

    private static bool Matches(ReminderEntry entry, string filter) =>
        entry.GrainId.Type.Contains(filter, StringComparison.OrdinalIgnoreCase)
        || entry.GrainId.Key.Contains(filter, StringComparison.OrdinalIgnoreCase)
        || entry.Name.Contains(filter, StringComparison.OrdinalIgnoreCase);

    private ReminderRow Row(ReminderEntry entry, DateTimeOffset now) =>
        new(entry.Key, entry.GrainId.Type, entry.GrainId.Key, entry.Name, entry.StartAt, entry.Period, NextTick(entry, now), ownedHere(entry.GrainId));

    internal static DateTimeOffset NextTick(ReminderEntry entry, DateTimeOffset now)
    {
        if (now <= entry.StartAt || entry.Period <= TimeSpan.Zero) return entry.StartAt;
        var ticks = (long)Math.Ceiling((now - entry.StartAt) / entry.Period);
        return entry.StartAt + entry.Period * ticks;
    }
}
