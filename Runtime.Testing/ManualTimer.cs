namespace GrainPipeline.Runtime.Testing;

/// <summary>
/// A timer of <see cref="ManualTimeProvider"/>: due at a point on the fake clock, optionally
/// periodic, fired by <see cref="ManualTimeProvider.Advance"/>. Its fields are guarded by the clock's lock.
/// </summary>
internal sealed class ManualTimer(ManualTimeProvider clock, TimerCallback callback, object? state) : ITimer
{
    private long _periodTicks;
    private bool _disposed;

    /// <summary>When the timer fires next, in clock ticks; null when disarmed.</summary>
    public long? DueAtTicks { get; private set; }

    public bool Change(TimeSpan dueTime, TimeSpan period)
    {
        if (dueTime != Timeout.InfiniteTimeSpan) ArgumentOutOfRangeException.ThrowIfLessThan(dueTime, TimeSpan.Zero);
        if (period != Timeout.InfiniteTimeSpan) ArgumentOutOfRangeException.ThrowIfLessThan(period, TimeSpan.Zero);
        lock (clock.SyncRoot)
        {
            if (_disposed) return false;
            DueAtTicks = dueTime == Timeout.InfiniteTimeSpan ? null : clock.Now + dueTime.Ticks;
            _periodTicks = period == Timeout.InfiniteTimeSpan ? 0 : period.Ticks;
        }
        clock.FireIfDue(this);
        return true;
    }

    /// <summary>Moves the due time to the next period, or disarms a one-shot timer. Called under the clock's lock.</summary>
    public void Rearm() => DueAtTicks = _periodTicks > 0 ? DueAtTicks + _periodTicks : null;

    public void Fire()
    {
        lock (clock.SyncRoot)
        {
            if (_disposed) return;
        }
        callback(state);
    }

    public void Dispose()
    {
        lock (clock.SyncRoot)
        {
            _disposed = true;
            DueAtTicks = null;
        }
        clock.Remove(this);
    }

    public ValueTask DisposeAsync()
    {
        Dispose();
        return ValueTask.CompletedTask;
    }
}
