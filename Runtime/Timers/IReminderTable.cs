namespace GrainPipeline.Runtime.Timers;

/// <summary>
/// Durable reminder rows. Read in pages ordered by key, so no silo ever loads the whole table at once.
/// </summary>
public interface IReminderTable
{
    Task UpsertAsync(ReminderEntry entry, CancellationToken cancellation);

    Task<bool> RemoveAsync(GrainId grainId, string reminderName, CancellationToken cancellation);

    /// <summary>Up to <paramref name="pageSize"/> rows whose key sorts after <paramref name="afterKey"/> (null = from the start).</summary>
    Task<IReadOnlyList<ReminderEntry>> ReadPageAsync(string? afterKey, int pageSize, CancellationToken cancellation);
}

/// <summary>One reminder: first tick at <see cref="StartAt"/>, then every <see cref="Period"/>.</summary>
public sealed record ReminderEntry(GrainId GrainId, string Name, DateTimeOffset StartAt, TimeSpan Period)
{
    /// <summary>Sort key of the row: grain type, key and reminder name.</summary>
    public string Key => $"{GrainId.Type}\u001f{GrainId.Key}\u001f{Name}";
}
