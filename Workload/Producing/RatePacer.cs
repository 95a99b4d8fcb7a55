namespace GrainPipeline.Workload.Producing;

/// <summary>
/// Spaces records to a target rate without a task or timer per record: it keeps a due time and only
/// sleeps when the loop runs ahead of it by at least a millisecond (timer resolution), so at high rates
/// one sleep covers many records.
/// </summary>
internal sealed class RatePacer(double ratePerSecond, TimeProvider time)
{
    private static readonly TimeSpan MinimumSleep = TimeSpan.FromMilliseconds(1);

    /// <summary>Falling further behind than this (a pause for lag, a slow broker) restarts the schedule instead of bursting to catch up.</summary>
    private static readonly TimeSpan MaximumCatchUp = TimeSpan.FromMilliseconds(50);

    private readonly double _ticksPerRecord = ratePerSecond > 0 ? time.TimestampFrequency / ratePerSecond : 0;
    private double _due = double.NaN;

    public bool Enabled => _ticksPerRecord > 0;

    /// <summary>Completes when the next record may go.</summary>
    public Task WaitTurnAsync(CancellationToken cancellationToken)
    {
        if (!Enabled) return Task.CompletedTask;
        var now = (double)time.GetTimestamp();
        if (double.IsNaN(_due) || now - _due > MaximumCatchUp.TotalSeconds * time.TimestampFrequency) _due = now;
        var ahead = TimeSpan.FromSeconds((_due - now) / time.TimestampFrequency);
        _due += _ticksPerRecord;
        return ahead < MinimumSleep ? Task.CompletedTask : Task.Delay(ahead, time, cancellationToken);
    }
}
