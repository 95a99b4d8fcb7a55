using System.Diagnostics;

namespace GrainPipeline.Stores.Postgres.Storage;

/// <summary>
/// Housekeeping done by whichever caller comes first once a period has passed (pruning old marker
/// rows): at most one caller per period is let through, however many threads ask.
/// </summary>
internal sealed class PeriodicChore(TimeSpan period)
{
    private long _last = Stopwatch.GetTimestamp();

    public bool IsDue()
    {
        var last = Interlocked.Read(ref _last);
        return Stopwatch.GetElapsedTime(last) >= period && Interlocked.CompareExchange(ref _last, Stopwatch.GetTimestamp(), last) == last;
    }
}
