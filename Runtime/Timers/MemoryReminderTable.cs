namespace GrainPipeline.Runtime.Timers;

/// <summary>Reminder rows in memory; shared by the silos of one process (tests, TestCluster, demo).</summary>
public sealed class MemoryReminderTable : IReminderTable
{
    private readonly SortedDictionary<string, ReminderEntry> _rows = new(StringComparer.Ordinal);
    private readonly Lock _lock = new();

    public int Count
    {
        get { lock (_lock) return _rows.Count; }
    }

    public Task UpsertAsync(ReminderEntry entry, CancellationToken cancellation)
    {
        ArgumentNullException.ThrowIfNull(entry);
        lock (_lock) _rows[entry.Key] = entry;
        return Task.CompletedTask;
    }

    public Task<bool> RemoveAsync(GrainId grainId, string reminderName, CancellationToken cancellation)
    {
        lock (_lock) return Task.FromResult(_rows.Remove(new ReminderEntry(grainId, reminderName, default, default).Key));
    }

    public Task<IReadOnlyList<ReminderEntry>> ReadPageAsync(string? afterKey, int pageSize, CancellationToken cancellation)
    {
        lock (_lock)
        {
            var page = _rows
                .Where(row => afterKey is null || string.CompareOrdinal(row.Key, afterKey) > 0)
                .Take(pageSize)
                .Select(row => row.Value)
                .ToList();
            return Task.FromResult<IReadOnlyList<ReminderEntry>>(page);
        }
    }
}
