using System.Diagnostics.Metrics;
using GrainPipeline.Dashboard.Sources;

namespace GrainPipeline.Dashboard.Tests.Infrastructure;

/// <summary>A silo as the dashboard sees it, with counters a test sets by hand.</summary>
public sealed class FakeDashboardSource : IDashboardSource, IDisposable
{
    public FakeDashboardSource() => Meter = new Meter("GrainPipeline.Tests." + Guid.NewGuid().ToString("N"));

    public SiloCounters Counters { get; set; } = new();

    public int CounterReads { get; private set; }

    public SiloIdentity Identity { get; } = new("fake-silo", "grain-pipeline", "events", "127.0.0.1:9092", DateTimeOffset.UtcNow);

    public Meter Meter { get; }

    public bool Ready { get; set; } = true;

    public SiloCounters ReadCounters()
    {
        CounterReads++;
        return Counters;
    }

    public MembersView ReadMembers() => new("grain-pipeline", "Stable", [new MemberView("fake-silo", "host", [0, 1], true)], DateTimeOffset.UtcNow, null);

    public BackpressureView ReadBackpressure() => new(1, 10, 5, 100, 1000, 500, 0, 0, [new PartitionView(0, 3, 42)]);

    public GrainsView ReadGrains(int top) => new(1, 1, 100, 1, 0, new Dictionary<string, int> { ["user"] = 1 }, [], []);

    public Task<GrainStateView> ReadGrainStateAsync(string grainType, string key, string? stateName, CancellationToken cancellation) =>
        Task.FromResult(new GrainStateView(grainType, key, "none", []));

    public Task<ReminderPage> ReadRemindersAsync(string? after, int size, string? filter, CancellationToken cancellation) =>
        Task.FromResult(new ReminderPage([], null, 0));

    public FlusherView ReadFlusher() => new(0, 0, 0, 100, TimeSpan.FromSeconds(10), Observability.Histograms.HistogramSnapshot.Empty, [], []);

    public MemoryView ReadMemory() => new(null, 0.75, 1024, [new BudgetTerm("baseline", 1024)]);

    public DeadLettersView ReadDeadLetters() => new(0, new Dictionary<string, long>(), []);

    public Task<IReadOnlyList<ReadinessCheck>> CheckReadinessAsync(CancellationToken cancellation) =>
        Task.FromResult<IReadOnlyList<ReadinessCheck>>([new ReadinessCheck("fake", Ready, Ready ? "ok" : "down")]);

    public void Dispose() => Meter.Dispose();
}
