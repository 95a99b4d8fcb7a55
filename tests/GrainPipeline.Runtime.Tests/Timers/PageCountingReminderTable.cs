using GrainPipeline.Runtime.Timers;

namespace GrainPipeline.Runtime.Tests.Timers;

/// <summary>A reminder table that counts the pages read from it, to show nobody reads the whole table at once.</summary>
internal sealed class PageCountingReminderTable(IReminderTable inner) : IReminderTable
{
    private int _pagesRead;
    private int _largestPage;

    public int PagesRead => Volatile.Read(ref _pagesRead);

    public int LargestPage => Volatile.Read(ref _largestPage);

    public Task UpsertAsync(ReminderEntry entry, CancellationToken cancellation) => inner.UpsertAsync(entry, cancellation);

    public Task<bool> RemoveAsync(GrainId grainId, string reminderName, CancellationToken cancellation) => inner.RemoveAsync(grainId, reminderName, cancellation);

    public async Task<IReadOnlyList<ReminderEntry>> ReadPageAsync(string? afterKey, int pageSize, CancellationToken cancellation)
    {
        var page = await inner.ReadPageAsync(afterKey, pageSize, cancellation);
        Interlocked.Increment(ref _pagesRead);
        lock (this) _largestPage = Math.Max(_largestPage, page.Count);
        return page;
    }
}
