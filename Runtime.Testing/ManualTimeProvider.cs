namespace GrainPipeline.Runtime.Testing;

/// <summary>
/// A clock that moves only when a test calls <see cref="Advance"/>. Timers made by
/// <see cref="CreateTimer"/> fire, in due order, as Advance passes their due times, so code that
/// waits with <c>Task.Delay(delay, timeProvider)</c> or a <see cref="PeriodicTimer"/> runs on the
/// test's schedule instead of the wall clock.
/// </summary>
public sealed class ManualTimeProvider : TimeProvider
{
    /// <summary>Timestamps count 100 ns ticks, like <see cref="TimeSpan"/>.</summary>
    private const long Frequency = TimeSpan.TicksPerSecond;

    private readonly Lock _lock = new();
    private readonly List<ManualTimer> _timers = [];
    private DateTimeOffset _now;
    private long _elapsedTicks;

    public ManualTimeProvider() : this(new DateTimeOffset(2025, 1, 1, 0, 0, 0, TimeSpan.Zero))
    {
    }

    public ManualTimeProvider(DateTimeOffset start) => _now = start;

    /// <summary>Timers that are armed (due at some point); a test can wait until a loop has armed its next wait.</summary>
    public int ArmedTimers
    {
        get { lock (_lock) return _timers.Count(t => t.DueAtTicks is not null); }
    }

    public override TimeZoneInfo LocalTimeZone => TimeZoneInfo.Utc;

    public override long TimestampFrequency => Frequency;

    public override DateTimeOffset GetUtcNow()
    {
        lock (_lock) return _now;
    }

    public override long GetTimestamp()
    {
        lock (_lock) return _elapsedTicks;
    }

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        ArgumentNullException.ThrowIfNull(callback);
        var timer = new ManualTimer(this, callback, state);
        lock (_lock) _timers.Add(timer);
        timer.Change(dueTime, period);
        return timer;
    }

    /// <summary>
    /// Moves the clock forward. Every timer due on the way fires at its own due time (the clock reads
    /// that time inside the callback), earliest first; periodic timers fire once per period passed.
    /// Callbacks run on the calling thread, outside the clock's lock.
    /// </summary>
    public void Advance(TimeSpan delta)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(delta, TimeSpan.Zero);
        long target;
        lock (_lock) target = _elapsedTicks + delta.Ticks;
        while (true)
        {
            ManualTimer? next;
            lock (_lock)
            {
                next = NextDue(target);
                if (next is null)
                {
                    MoveTo(target);
                    return;
                }
                MoveTo(next.DueAtTicks!.Value);
                next.Rearm();
            }
            next.Fire();
        }
    }

    /// <summary>Sets the wall clock to a later time, moving timestamps and timers with it.</summary>
    public void SetUtcNow(DateTimeOffset value)
    {
        TimeSpan delta;
        lock (_lock) delta = value - _now;
        Advance(delta);
    }

    /// <summary>The clock in ticks; read under <see cref="SyncRoot"/> by timers.</summary>
    internal long Now => _elapsedTicks;

    /// <summary>Called by a timer after it changed its due time: fires it at once when already due.</summary>
    internal void FireIfDue(ManualTimer timer)
    {
        lock (_lock)
        {
            if (timer.DueAtTicks is not { } due || due > _elapsedTicks) return;
            timer.Rearm();
        }
        timer.Fire();
    }

    internal void Remove(ManualTimer timer)
    {
        lock (_lock) _timers.Remove(timer);
    }

    internal Lock SyncRoot => _lock;

    private ManualTimer? NextDue(long target)
    {
        ManualTimer? next = null;
        foreach (var timer in _timers)
        {
            if (timer.DueAtTicks is not { } due || due > target) continue;
            if (next is null || due < next.DueAtTicks!.Value) next = timer;
        }
        return next;
    }

    private void MoveTo(long ticks)
    {
        if (ticks <= _elapsedTicks) return;
        _now += TimeSpan.FromTicks(ticks - _elapsedTicks);
        _elapsedTicks = ticks;
    }
}
