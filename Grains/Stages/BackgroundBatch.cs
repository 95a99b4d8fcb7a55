using GrainPipeline.Grains.Events;
using GrainPipeline.Stores.Model;

namespace GrainPipeline.Grains.Stages;

/// <summary>
/// Stages 4 and 5 of the events of one grain turn, gathered while the turn runs and run as one
/// background item: one customer row folded from the new events, the weekly visitor once per week
/// the turn needs, and all the events' product stats in one buffer call (still counted once per
/// event id). Where each event had its own item, store calls and queue hand-offs, a visitor's
/// queued events now share them.
/// </summary>
/// <remarks>
/// An outage fails every event of the batch. A write that fails for good is tried again one event at
/// a time (<see cref="Only"/>, in <see cref="BackgroundStages"/>), so one event's bad data fails
/// that event alone. Events of one batch share a partition and a cut-off token (<see cref="Accepts"/>),
/// so a hand-over cuts them off together.
/// </remarks>
public sealed class BackgroundBatch : IBackgroundWatcher
{
    private readonly List<PipelineEvent> _events = new(4);
    private readonly List<Entry> _entries = new(4);
    private readonly List<DateOnly> _visitorWeeks = new(1);
    private List<EventStatDeltas>? _stats;

    /// <summary>The events whose stages 4 and 5 this batch runs, in turn order.</summary>
    public IReadOnlyList<PipelineEvent> Events => _events;

    /// <summary>The new events' customer activity folded into one, or null when none was new.</summary>
    public CustomerActivity? Profile { get; private set; }

    /// <summary>The weeks whose unique-visitor sets the visitor is added to (usually none or one).</summary>
    public IReadOnlyList<DateOnly> VisitorWeeks => _visitorWeeks;

    /// <summary>The product-stat increments of the events that have any, each applied once per event id.</summary>
    public IReadOnlyList<EventStatDeltas> Stats => (IReadOnlyList<EventStatDeltas>?)_stats ?? [];

    public string Shop => _events[0].Shop;

    public string ClientId => _events[0].ClientId;

    public int Partition => _events[0].Origin.Partition;

    public CancellationToken CutOff => _events[0].CutOff;

    public bool IsEmpty => _events.Count == 0;

    /// <summary>Whether <paramref name="evt"/> can join: same visitor, partition and cut-off as the events in it.</summary>
    public bool Accepts(PipelineEvent evt) =>
        IsEmpty || (evt.Origin.Partition == Partition && evt.CutOff == CutOff && evt.Shop == Shop && evt.ClientId == ClientId);

    /// <summary>Adds an event that passed stages 1–3.</summary>
    /// <param name="activity">Its customer activity, or null when its profile must not fold again (a repeat).</param>
    /// <param name="visitorWeek">The week its visitor must be added to, or null when already added.</param>
    /// <param name="watcher">Told how the batch ended, before the event's part is done.</param>
    public void Add(PipelineEvent evt, CustomerActivity? activity, DateOnly? visitorWeek, IReadOnlyList<ProductStatDelta> deltas, IBackgroundWatcher? watcher)
    {
        ArgumentNullException.ThrowIfNull(evt);
        ArgumentNullException.ThrowIfNull(deltas);
        if (!Accepts(evt)) throw new ArgumentException($"Event {evt.EventId} belongs to another batch.", nameof(evt));
        _events.Add(evt);
        _entries.Add(new Entry(activity, visitorWeek, deltas, watcher));
        if (activity is not null) Profile = Profile is null ? activity : Profile.Then(activity);
        if (visitorWeek is { } week && !_visitorWeeks.Contains(week)) _visitorWeeks.Add(week);
        if (deltas.Count > 0) (_stats ??= new List<EventStatDeltas>(_events.Capacity)).Add(new EventStatDeltas(evt.EventId, deltas));
    }

    /// <summary>A batch of event <paramref name="index"/> alone, as if it had had its own turn (its watcher stays with this batch).</summary>
    public BackgroundBatch Only(int index)
    {
        var entry = _entries[index];
        var single = new BackgroundBatch();
        single.Add(_events[index], entry.Activity, entry.VisitorWeek, entry.Deltas, watcher: null);
        return single;
    }

    void IBackgroundWatcher.BackgroundEnded(Exception? error)
    {
        for (var i = 0; i < _entries.Count; i++) _entries[i].Watcher?.BackgroundEnded(SplitOutcomeException.Of(error, i));
    }

    private readonly record struct Entry(CustomerActivity? Activity, DateOnly? VisitorWeek, IReadOnlyList<ProductStatDelta> Deltas, IBackgroundWatcher? Watcher);
}
