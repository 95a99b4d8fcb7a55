using System.Diagnostics;

namespace GrainPipeline.Stores.Postgres.Storage;

/// <summary>
/// Housekeeping (pruning old marker rows) started by whichever caller comes first once a period has
/// passed, and run in the background: that caller does not wait for it, so a long prune never holds
/// up an event's store call nor runs under its deadline. At most one run at a time; a run that fails
/// is reported and tried again a period later.
/// </summary>
internal sealed class PeriodicChore(TimeSpan period, Func<Task> chore, Action<Exception> failed)
{
    private long _lastStart = Stopwatch.GetTimestamp();
    private int _running;

    /// <summary>The run in progress, if any (tests wait for it).</summary>
    public Task Current { get; private set; } = Task.CompletedTask;

    /// <summary>Starts the chore in the background if a period has passed since the last start and none runs.</summary>
    public void StartIfDue()
    {
        var last = Interlocked.Read(ref _lastStart);
        if (Stopwatch.GetElapsedTime(last) < period) return;
        if (Interlocked.CompareExchange(ref _running, 1, 0) != 0) return;
        Interlocked.Exchange(ref _lastStart, Stopwatch.GetTimestamp());
        Current = Task.Run(RunAsync);
    }

    private async Task RunAsync()
    {
        try
        {
            await chore();
        }
        catch (Exception e)
        {
            failed(e);
        }
        finally
        {
            Volatile.Write(ref _running, 0);
        }
    }
}
