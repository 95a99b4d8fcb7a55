namespace GrainPipeline.Runtime.Configuration;

/// <summary>
/// The longest delay .NET timers accept (Task.Delay, CancellationTokenSource.CancelAfter,
/// SemaphoreSlim.WaitAsync): about 49.7 days. A longer interval does not fail at start-up but the
/// first time a loop or a call waits on it, so validators reject it up front.
/// </summary>
internal static class TimerLimits
{
    public static readonly TimeSpan MaxDelay = TimeSpan.FromMilliseconds(uint.MaxValue - 1);

    /// <summary>A failure message when <paramref name="value"/> is not a usable positive delay; null when it is.</summary>
    public static string? CheckDelay(string setting, TimeSpan value) =>
        value <= TimeSpan.Zero || value > MaxDelay
            ? $"{setting} must be positive and at most {MaxDelay} (got {value})."
            : null;
}
