using System.Diagnostics.Metrics;

namespace GrainPipeline.Dashboard.Sources;

/// <summary>
/// What the dashboard needs from a silo. The silo implements it over its runtime, pump and stores;
/// the dashboard never sees those types. <see cref="ReadCounters"/> runs once per sample interval and
/// must be cheap (totals and gauges, no scans); the other reads run only when someone asks.
/// </summary>
public interface IDashboardSource
{
    SiloIdentity Identity { get; }

    /// <summary>The silo's one meter: what <c>/metrics</c> serves.</summary>
    Meter Meter { get; }

    /// <summary>Running totals and gauges, read by the sampler every interval.</summary>
    SiloCounters ReadCounters();

    /// <summary>The consumer group's members as Kafka reports them (cached by the source).</summary>
    MembersView ReadMembers();

    BackpressureView ReadBackpressure();

    GrainsView ReadGrains(int top);

    /// <summary>A grain's state as JSON, from its live activation or from storage; never activates it.</summary>
    Task<GrainStateView> ReadGrainStateAsync(string grainType, string key, string? stateName, CancellationToken cancellation);

    /// <summary>One page of reminders whose row key sorts after <paramref name="after"/>, keeping rows that contain <paramref name="filter"/>.</summary>
    Task<ReminderPage> ReadRemindersAsync(string? after, int size, string? filter, CancellationToken cancellation);

    FlusherView ReadFlusher();

    MemoryView ReadMemory();

    DeadLettersView ReadDeadLetters();

    /// <summary>The checks behind <c>/readyz</c>: joined the group, stores reachable.</summary>
    Task<IReadOnlyList<ReadinessCheck>> CheckReadinessAsync(CancellationToken cancellation);
}
