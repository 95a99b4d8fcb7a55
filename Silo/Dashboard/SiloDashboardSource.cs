using System.Diagnostics.Metrics;
using GrainPipeline.Dashboard.Sources;
using GrainPipeline.Ingest.Membership;
using GrainPipeline.Runtime;
using GrainPipeline.Silo.Hosting;
using Microsoft.Extensions.Logging;

namespace GrainPipeline.Silo.Dashboard;

/// <summary>
/// What the dashboard sees of one <see cref="PipelineSilo"/>: its totals and gauges for the sampler,
/// and bounded reads (top-N grains, one grain's state, a page of reminders, the last dead letters)
/// for requests. The consumer group's members come from Kafka, cached a few seconds.
/// </summary>
internal sealed class SiloDashboardSource : IDashboardSource, IDisposable
{
    private static readonly TimeSpan ProbeTimeout = TimeSpan.FromSeconds(2);

    private readonly PipelineSilo _silo;
    private readonly ConsumerGroupMembers _members;
    private readonly long? _containerLimit;

    public SiloDashboardSource(PipelineSilo silo, ILoggerFactory loggers)
    {
        ArgumentNullException.ThrowIfNull(silo);
        ArgumentNullException.ThrowIfNull(loggers);
        _silo = silo;
        var ingest = silo.Options.Ingest;
        Identity = new SiloIdentity(silo.Options.MemberName, ingest.GroupId, ingest.Topic, ingest.Bootstrap, DateTimeOffset.UtcNow);
        _members = new ConsumerGroupMembers(ingest.Bootstrap, silo.Options.Kafka, ingest.GroupId, silo.Options.MemberName, loggers.CreateLogger<ConsumerGroupMembers>());
        _containerLimit = silo.Options.MemoryLimitBytes > 0 ? silo.Options.MemoryLimitBytes : ContainerMemory.LimitBytes();
    }

    public SiloIdentity Identity { get; }

    public Meter Meter => _silo.Meter;

    public SiloCounters ReadCounters()
    {
        var pump = _silo.Pump;
        var statistics = pump.Statistics;
        var runtime = _silo.Runtime.Statistics;
        var stages = _silo.Counters.Stages;
        return new SiloCounters
        {
            Consumed = statistics.Consumed,
            Completed = statistics.Completed,
            Processed = pump.Processed,
            DeadLettered = _silo.DeadLetters.Total,
            Duplicates = _silo.Counters.Duplicates,
            EndToEnd = statistics.EndToEnd.Snapshot(),
            InFlightMessages = pump.Budget.InFlightMessages,
            InFlightBytes = pump.Budget.InFlightBytes,
            MaxInFlightMessages = pump.Budget.MaxMessages,
            MaxInFlightBytes = pump.Budget.MaxBytes,
            PausedPartitions = statistics.PausedPartitions,
            PausedMs = statistics.PausedTime.TotalMilliseconds,
            TotalLag = statistics.LagByPartition.Values.Sum(),
            Activations = runtime.Activations,
            Activated = runtime.Activated,
            Deactivations = runtime.Deactivations,
            ActivationsByType = _silo.Runtime.ActivationsByType(),
            Stages = stages.Stages.Select(s => new CallCounters(s.Name, s.Calls, s.Errors, s.Timeouts, s.Duration.Snapshot())).ToList(),
            Stores = stages.Stores.Select(s => new CallCounters(s.Name, s.Calls, s.Errors, s.Timeouts, null)).ToList(),
            CellsFlushed = _silo.Flusher.CellsFlushed,
        };
    }

    public MembersView ReadMembers()
    {
        var group = _members.Current();
        var members = group.Members.Select(m => new MemberView(m.ClientId, m.Host, m.Partitions, m.ClientId == Identity.MemberName)).ToList();
        // Kafka could not say (an old or embedded broker, or not read yet): this silo at least knows itself.
        if (!members.Exists(m => m.IsThisSilo))
            members.Insert(0, new MemberView(Identity.MemberName, System.Net.Dns.GetHostName(), _silo.OwnedPartitions.Order().ToList(), true));
        return new MembersView(group.Group, group.State, members, group.ReadAt, group.Error);
    }

    public BackpressureView ReadBackpressure()
    {
        var pump = _silo.Pump;
        var lag = pump.Statistics.LagByPartition;
        var committed = pump.Statistics.CommittedByPartition;
        var partitions = _silo.OwnedPartitions.Order()
            .Select(p => new PartitionView(p, lag.TryGetValue(p, out var l) ? l : null, committed.TryGetValue(p, out var c) ? c : null))
            .ToList();
        return new BackpressureView(
            pump.Budget.InFlightMessages, pump.Budget.MaxMessages, pump.Budget.PeakMessages,
            pump.Budget.InFlightBytes, pump.Budget.MaxBytes, pump.Budget.PeakBytes,
            pump.Statistics.PausedPartitions, pump.Statistics.PausedTime.TotalMilliseconds, partitions);
    }

    public GrainsView ReadGrains(int top)
    {
        var runtime = _silo.Runtime;
        var statistics = runtime.Statistics;
        HotGrain Hot(Runtime.Diagnostics.GrainTurns t) =>
            new(t.Grain.Type, t.Grain.Key, t.Calls, Math.Round(t.TurnMs, 3), Math.Round(t.MeanTurnMs, 3), Math.Round(t.RankError, 3), runtime.IsActive(t.Grain));
        return new GrainsView(statistics.Activations, statistics.PeakActivations, runtime.Options.MaxActivations, statistics.Activated, statistics.Deactivations,
            runtime.ActivationsByType(), runtime.Turns.TopByCalls(top).Select(Hot).ToList(), runtime.Turns.TopByTurnTime(top).Select(Hot).ToList());
    }

    public async Task<GrainStateView> ReadGrainStateAsync(string grainType, string key, string? stateName, CancellationToken cancellation)
    {
        var view = await _silo.Runtime.ReadGrainStateAsync(new GrainId(grainType, key), stateName, ProbeTimeout, cancellation);
        return new GrainStateView(grainType, key, view.Source.ToString().ToLowerInvariant(), view.States.Select(s => new NamedState(s.Name, s.Json)).ToList());
    }

    public Task<ReminderPage> ReadRemindersAsync(string? after, int size, string? filter, CancellationToken cancellation) =>
        new ReminderBrowser(_silo.Stores.Reminders, _silo.OwnsReminderTarget, TimeProvider.System).ReadAsync(after, size, filter, cancellation);

    public FlusherView ReadFlusher()
    {
        var flusher = _silo.Flusher;
        static FlushView View(Grains.Flushing.FlushRecord f) => new(f.Partition, f.At, f.Cells, f.Batches, Math.Round(f.DurationMs, 3));
        return new FlusherView(flusher.Flushes, flusher.Batches, flusher.CellsFlushed, _silo.Options.Flusher.BatchSize, _silo.Options.Flusher.Period,
            flusher.BatchDuration.Snapshot(), flusher.LastByPartition.Select(View).ToList(), flusher.Recent.NewestFirst().Select(View).ToList())
        {
            FlushesCutShort = flusher.FlushesCutShort,
        };
    }

    public MemoryView ReadMemory() =>
        new(_containerLimit, _silo.Options.MemorySafetyFraction, _silo.MemoryBudget.TotalBytes,
            _silo.MemoryBudget.Terms.Select(t => new BudgetTerm(t.Setting, t.Bytes)).ToList());

    public DeadLettersView ReadDeadLetters()
    {
        var letters = _silo.DeadLetters;
        var byReason = letters.CountsByReason;
        return new DeadLettersView(byReason.Values.Sum(), byReason,
            letters.Recent.NewestFirst().Select(d => new DeadLetterView(d.At, d.Key, d.Reason, d.Detail, d.Origin)).ToList());
    }

    public async Task<IReadOnlyList<ReadinessCheck>> CheckReadinessAsync(CancellationToken cancellation)
    {
        var pump = _silo.Pump;
        var joined = pump.Joined.IsCompletedSuccessfully && !pump.Stopped.IsCompleted;
        var checks = new List<ReadinessCheck>
        {
            new("kafka-group", joined, joined
                ? $"member of '{Identity.Group}', owns {_silo.OwnedPartitions.Count} partition(s)"
                : pump.Stopped.IsCompleted ? "the ingest pump has stopped" : $"not yet assigned partitions in '{Identity.Group}'"),
            await ProbeAsync("grain-storage", token => _silo.Stores.GrainStorage.ReadAsync("readyz", new GrainId("readyz", "probe"), token), cancellation),
            await ProbeAsync("reminder-table", token => _silo.Stores.Reminders.ReadPageAsync(null, 1, token), cancellation),
        };
        return checks;
    }

    private static async Task<ReadinessCheck> ProbeAsync(string name, Func<CancellationToken, Task> probe, CancellationToken cancellation)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellation);
        deadline.CancelAfter(ProbeTimeout);
        try
        {
            await probe(deadline.Token).WaitAsync(deadline.Token);
            return new ReadinessCheck(name, true, "reachable");
        }
        catch (OperationCanceledException) when (!cancellation.IsCancellationRequested)
        {
            return new ReadinessCheck(name, false, $"no answer within {ProbeTimeout.TotalSeconds:F0} s");
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            return new ReadinessCheck(name, false, e.Message);
        }
    }

    public void Dispose() => _members.Dispose();
}
