using GrainPipeline.Grains.Events;
using GrainPipeline.Grains.Shopify;
using GrainPipeline.Grains.Stages;
using GrainPipeline.Runtime;
using GrainPipeline.Stores.Model;

namespace GrainPipeline.Grains.User;

/// <summary>
/// One visitor of one shop. Turn-based, so its events run their stages strictly one after another,
/// in arrival (offset) order. Stages 1–3 are awaited in the turn; 4 and 5 go to the background
/// pool, one item per turn, and finish the event later. State is written when the grain deactivates.
/// <para>An event is remembered as seen (stage 1) before it has finished. If the grain deactivates
/// before that (a stop or hand-over cut it off), the event's id is taken back before the state is
/// written, so the next owner, to whom Kafka redelivers the event, runs its stages instead of
/// skipping it as a duplicate.</para>
/// </summary>
public sealed class UserGrain(IGrainContext context, UserStages stages) : Grain, IUserGrain, IUserGrainTurn, IPartitionedGrain
{
    public const string TypeName = "user";

    private readonly IPersistentState<UserState> _state = context.GetPersistentState<UserState>("user");
    private bool _dirty;

    /// <summary>The last event that sent this visitor to the weekly set, until its write is seen to finish.</summary>
    private UnfinishedEvent? _lastVisitorEvent;

    /// <summary>
    /// Events remembered as seen whose stages have not all been seen to finish, newest first (a
    /// chain through <see cref="UnfinishedEvent.Older"/>); touched only in turns, and pruned at each
    /// one, so it holds about as many as the grain has in flight. Neither this nor
    /// <see cref="_lastVisitorEvent"/> holds a task: an idle grain holding its last event's finished
    /// background task kept ~2 KB alive (peak RSS of the 1M replay: 314 MiB against 218).
    /// </summary>
    private UnfinishedEvent? _unfinished;

    /// <summary>
    /// A finished entry kept for the next event: one allocation per grain rather than per event.
    /// Entries live until the grain's next turn, often long enough to reach the oldest generation;
    /// one per event left the 1M replay's GC heap at 161 MiB against 108.
    /// </summary>
    private UnfinishedEvent? _spare;

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
        var background = new BackgroundBatch();
        await RunTurnStagesAsync(evt, state, outcome, background);
        await StartBackgroundAsync(background);
    }

    /// <summary>
    /// Events that queued up behind each other, in one turn. They run as they would one turn each,
    /// except that their writes go out together: stage 1 as one store call per run
    /// (<see cref="IndexRun"/>), and stages 4 and 5 as one background item (<see cref="BackgroundBatch"/>:
    /// one folded customer row, one stats buffer call). Each event ends on its own, with its own error;
    /// those that joined the background item end once it is queued, since it must hold their part first.
    /// </summary>
    public async Task Process(CallBatch<PipelineEvent> events)
    {
        var state = _state.State;
        PruneFinished(state);
        IndexRun? run = null;
        var background = new BackgroundBatch();
        var joined = new List<int>(events.Count);
        for (var i = 0; i < events.Count; i++)
        {
            var evt = events[i];
            try
            {
                ArgumentNullException.ThrowIfNull(evt);
                Partition = evt.Origin.Partition;
                if (run is null || !run.Covers(i)) run = IndexRun.Start(stages.Index, events, i, state);
                var outcome = await run.OutcomeAsync(i, state);
                if (outcome == IndexOutcome.SeenRecently)
                {
                    events.Complete(i, null);
                    continue;
                }
                if (!background.Accepts(evt))
                {
                    await QueueAndEndJoinedAsync(background, events, joined);
                    background = new BackgroundBatch();
                }
                await RunTurnStagesAsync(evt, state, outcome, background);
                joined.Add(i);
            }
            catch (Exception e)
            {
                events.Complete(i, e);
            }
        }
        await QueueAndEndJoinedAsync(background, events, joined);
    }

    /// <summary>Queues the batch, then ends the calls of its events (<paramref name="joined"/>, emptied).</summary>
    private async Task QueueAndEndJoinedAsync(BackgroundBatch background, CallBatch<PipelineEvent> events, List<int> joined)
    {
        Exception? error = null;
        try
        {
            await StartBackgroundAsync(background);
        }
        catch (Exception e)
        {
            error = e;
        }
        foreach (var call in joined) events.Complete(call, error);
        joined.Clear();
    }

    /// <summary>Stages 2 and 3 of an event that passed stage 1; its stages 4 and 5 join <paramref name="background"/>.</summary>
    private async Task RunTurnStagesAsync(PipelineEvent evt, UserState state, IndexOutcome outcome, BackgroundBatch background)
    {
        // An event indexed before may have been cut off after stage 1 (a crash before its offset was
        // committed): the later stages run again, each one idempotent or told it is a repeat.
        var isNew = outcome == IndexOutcome.New;
        _dirty = true;
        var unfinished = UnfinishedEvent.Reuse(ref _spare, UserState.StableHash(evt.EventId), _unfinished);
        _unfinished = unfinished;
        if (isNew) state.Events++;
        CustomerActivity? activity;
        IReadOnlyList<ProductStatDelta> deltas;
        try
        {
            await stages.AdLead.RunAsync(evt, state);
            await stages.Attribution.RunAsync(evt, state);
            // Read here, so a payload they cannot read fails the event before it joins the batch.
            activity = isNew ? CustomerStage.Prepare(evt) : null;
            deltas = ProductEffects.Of(evt);
        }
        catch
        {
            _unfinished = unfinished.Older;
            unfinished.Older = null;
            state.Forget(unfinished.IdHash);
            throw;
        }

        var week = CustomerStage.WeekStart(evt.OccurredAt);
        var addVisitor = NeedsVisitorWrite(state, week, isNew);
        if (addVisitor) _lastVisitorEvent = unfinished;
        background.Add(evt, activity, addVisitor ? week : null, deltas, unfinished);
    }

    /// <summary>Queues the batch's stages 4 and 5 (waiting while the pool is full); each event's part is held from here.</summary>
    private ValueTask StartBackgroundAsync(BackgroundBatch background) =>
        background.IsEmpty
            ? ValueTask.CompletedTask
            : stages.Background.EnqueueAsync(background.Events, BackgroundStages.Name, () => stages.CustomerAndProductStats.RunAsync(background), background);

    /// <summary>
    /// Drops the events whose background stages have finished, taking back the ids of those that
    /// failed (dead-lettered, or cut off by a stop: running them again is harmless either way).
    /// </summary>
    private void PruneFinished(UserState state)
    {
        UnfinishedEvent? newer = null;
        for (UnfinishedEvent? e = _unfinished, older; e is not null; e = older)
        {
            older = e.Older;
            if (!e.Finished)
            {
                newer = e;
                continue;
            }
            if (!e.Succeeded) state.Forget(e.IdHash);
            if (newer is null) _unfinished = older;
            else newer.Older = older;
            e.Older = null;
            if (!ReferenceEquals(e, _lastVisitorEvent)) _spare = e;
        }
    }

    /// <summary>
    /// Whether this event sends the visitor to its week's set: once per visitor and week, and always
    /// for a repeat (it may be the event whose write a crash cut off). A failed write is forgotten, so
    /// the visitor's next event sends it again; the failed event itself goes to the dead letters.
    /// </summary>
    private bool NeedsVisitorWrite(UserState state, DateOnly week, bool isNew)
    {
        if (_lastVisitorEvent is { Finished: true } last)
        {
            if (!last.Succeeded) state.VisitorWeek = null;
            _lastVisitorEvent = null;
        }
        var needed = !isNew || state.VisitorWeek != week;
        state.VisitorWeek = week;
        return needed;
    }

    public override async Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellation)
    {
        PruneFinished(_state.State);
        // Still running, or never started: cut off by the stop or hand-over that deactivates us.
        for (var cutOff = _unfinished; cutOff is not null; cutOff = cutOff.Older) _state.State.Forget(cutOff.IdHash);
        // The weekly-visitor write failed or never ran: the next activation sends the visitor again.
        if (_lastVisitorEvent is { Succeeded: false }) _state.State.VisitorWeek = null;
        _unfinished = null;
        _lastVisitorEvent = null;
        if (_dirty) await _state.WriteStateAsync(cancellation);
        _dirty = false;
    }
}

/// <summary>
/// An event of the grain that has passed stage 1, until its background stages are seen to finish.
/// The pool reports their outcome here when they end, so no task is kept; the id is kept as the state's
/// hash of it, so no string is either.
/// </summary>
internal sealed class UnfinishedEvent : IBackgroundWatcher
{
    private const int Pending = 0, Done = 1, Failed = 2;
    private volatile int _outcome;

    private UnfinishedEvent(long idHash, UnfinishedEvent? older)
    {
        IdHash = idHash;
        Older = older;
    }

    /// <summary>The event id as <see cref="UserState"/> remembers it.</summary>
    public long IdHash { get; private set; }

    /// <summary>The grain's previous unfinished event; changed only in the grain's turns.</summary>
    public UnfinishedEvent? Older { get; set; }

    public bool Finished => _outcome != Pending;

    public bool Succeeded => _outcome == Done;

    /// <summary>The spare entry made ready for a new event (the spare is then taken), or a new one.</summary>
    public static UnfinishedEvent Reuse(ref UnfinishedEvent? spare, long idHash, UnfinishedEvent? older)
    {
        if (spare is not { } entry) return new UnfinishedEvent(idHash, older);
        spare = null;
        entry.IdHash = idHash;
        entry.Older = older;
        entry._outcome = Pending;
        return entry;
    }

    public void BackgroundEnded(Exception? error) => _outcome = error is null ? Done : Failed;
}
