using GrainPipeline.Grains.Events;
using GrainPipeline.Grains.Shopify;
using GrainPipeline.Grains.Stages;
using GrainPipeline.Runtime;

namespace GrainPipeline.Grains.User;

/// <summary>
/// One visitor of one shop. Turn-based, so its events run their stages strictly one after another,
/// in arrival (offset) order. Stages 1–3 are awaited in the turn; 4 and 5 go to the background
/// pool and finish the event later. State is written when the grain deactivates.
/// <para>An event is remembered as seen (stage 1) before it has finished. If the grain deactivates
/// before that (a stop or hand-over cut it off), the event's id is taken back before the state is
/// written, so the next owner, to whom Kafka redelivers the event, runs its stages instead of
/// skipping it as a duplicate.</para>
/// </summary>
public sealed class UserGrain(IGrainContext context, UserStages stages) : Grain, IUserGrain, IPartitionedGrain
{
    public const string TypeName = "user";

    private readonly IPersistentState<UserState> _state = context.GetPersistentState<UserState>("user");
    private bool _dirty;

    /// <summary>The background item of the last event that sent this visitor to the weekly set.</summary>
    private volatile Task? _lastVisitorWrite;

    /// <summary>
    /// Events remembered as seen whose stages have not all finished, oldest first; touched only in
    /// turns, and pruned at each one, so it holds about as many as the grain has in flight.
    /// </summary>
    private List<UnfinishedEvent>? _unfinished;

    /// <summary>The Kafka partition this visitor's events come from (-1 before the first event).</summary>
    public int Partition { get; private set; } = -1;

    public async Task Process(PipelineEvent evt)
    {
        ArgumentNullException.ThrowIfNull(evt);
        Partition = evt.Origin.Partition;
        var state = _state.State;
        PruneFinished(state);
        var outcome = await stages.Index.RunAsync(evt, state);
        if (outcome == IndexOutcome.SeenRecently) return;
        // An event indexed before may have been cut off after stage 1 (a crash before its offset was
        // committed): the later stages run again, each one idempotent or told it is a repeat.
        var isNew = outcome == IndexOutcome.New;
        _dirty = true;
        var unfinished = new UnfinishedEvent(evt.EventId);
        (_unfinished ??= []).Add(unfinished);
        if (isNew) state.Events++;
        try
        {
            await stages.AdLead.RunAsync(evt, state);
            await stages.Attribution.RunAsync(evt, state);
        }
        catch
        {
            _unfinished.Remove(unfinished);
            state.Forget(evt.EventId);
            throw;
        }

        var activity = CustomerStage.Prepare(evt);
        var addVisitor = NeedsVisitorWrite(state, CustomerStage.WeekStart(activity.SeenAt), isNew);
        var deltas = ProductEffects.Of(evt);
        var partition = evt.Origin.Partition;
        var eventId = evt.EventId;
        await stages.Background.EnqueueAsync(evt, BackgroundStages.Name, () =>
        {
            var run = stages.CustomerAndProductStats.RunAsync(activity, isNew, addVisitor, partition, eventId, deltas);
            if (addVisitor) _lastVisitorWrite = run;
            unfinished.Background = run;
            return run;
        });
    }

    /// <summary>
    /// Drops the events whose background stages have finished, taking back the ids of those that
    /// failed (dead-lettered, or cut off by a stop: running them again is harmless either way).
    /// </summary>
    private void PruneFinished(UserState state)
    {
        if (_unfinished is not { } list) return;
        for (var i = list.Count - 1; i >= 0; i--)
        {
            if (list[i].Background is not { IsCompleted: true } done) continue;
            if (!done.IsCompletedSuccessfully) state.Forget(list[i].EventId);
            list.RemoveAt(i);
        }
    }

    /// <summary>
    /// Whether this event sends the visitor to its week's set: once per visitor and week, and always
    /// for a repeat (it may be the event whose write a crash cut off). A failed write is forgotten, so
    /// the visitor's next event sends it again; the failed event itself goes to the dead letters.
    /// </summary>
    private bool NeedsVisitorWrite(UserState state, DateOnly week, bool isNew)
    {
        if (_lastVisitorWrite is { IsCompleted: true } last)
        {
            if (!last.IsCompletedSuccessfully) state.VisitorWeek = null;
            _lastVisitorWrite = null;
        }
        var needed = !isNew || state.VisitorWeek != week;
        state.VisitorWeek = week;
        return needed;
    }

    public override async Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellation)
    {
        PruneFinished(_state.State);
        // Still running, or never started: cut off by the stop or hand-over that deactivates us.
        foreach (var cutOff in _unfinished ?? []) _state.State.Forget(cutOff.EventId);
        _unfinished = null;
        if (_dirty) await _state.WriteStateAsync(cancellation);
        _dirty = false;
    }
}

/// <summary>An event of the grain that has passed stage 1, until its background stages are seen to succeed.</summary>
internal sealed class UnfinishedEvent(string eventId)
{
    public string EventId => eventId;

    /// <summary>Set by the pool's worker when it starts the event's stages 4 and 5; null until then.</summary>
    public volatile Task? Background;
}
