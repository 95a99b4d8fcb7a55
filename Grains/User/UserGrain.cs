using GrainPipeline.Grains.Events;
using GrainPipeline.Grains.Shopify;
using GrainPipeline.Grains.Stages;
using GrainPipeline.Runtime;

namespace GrainPipeline.Grains.User;

/// <summary>
/// One visitor of one shop. Turn-based, so its events run their stages strictly one after another,
/// in arrival (offset) order. Stages 1–3 are awaited in the turn; 4 and 5 go to the background
/// pool and finish the event later. State is written when the grain deactivates.
/// </summary>
public sealed class UserGrain(IGrainContext context, UserStages stages) : Grain, IUserGrain, IPartitionedGrain
{
    public const string TypeName = "user";

    private readonly IPersistentState<UserState> _state = context.GetPersistentState<UserState>("user");
    private bool _dirty;

    /// <summary>The background item of the last event that sent this visitor to the weekly set.</summary>
    private volatile Task? _lastVisitorWrite;

    /// <summary>The Kafka partition this visitor's events come from (-1 before the first event).</summary>
    public int Partition { get; private set; } = -1;

    public async Task Process(PipelineEvent evt)
    {
        ArgumentNullException.ThrowIfNull(evt);
        Partition = evt.Origin.Partition;
        var state = _state.State;
        var outcome = await stages.Index.RunAsync(evt, state);
        if (outcome == IndexOutcome.SeenRecently) return;
        // An event indexed before may have been cut off after stage 1 (a crash before its offset was
        // committed): the later stages run again, each one idempotent or told it is a repeat.
        var isNew = outcome == IndexOutcome.New;
        _dirty = true;
        if (isNew) state.Events++;
        await stages.AdLead.RunAsync(evt, state);
        await stages.Attribution.RunAsync(evt, state);

        var activity = CustomerStage.Prepare(evt);
        var addVisitor = NeedsVisitorWrite(state, CustomerStage.WeekStart(activity.SeenAt), isNew);
        var deltas = ProductEffects.Of(evt);
        var partition = evt.Origin.Partition;
        var eventId = evt.EventId;
        await stages.Background.EnqueueAsync(evt, BackgroundStages.Name, () =>
        {
            var run = stages.CustomerAndProductStats.RunAsync(activity, isNew, addVisitor, partition, eventId, deltas);
            if (addVisitor) _lastVisitorWrite = run;
            return run;
        });
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
        if (_dirty) await _state.WriteStateAsync(cancellation);
        _dirty = false;
    }
}
