using GrainPipeline.Grains.Events;
using GrainPipeline.Grains.User;
using GrainPipeline.Stores.Abstractions;
using GrainPipeline.Stores.Model;

namespace GrainPipeline.Grains.Stages;

/// <summary>What stage 1 found out about an event.</summary>
public enum IndexOutcome
{
    /// <summary>First time: every stage runs.</summary>
    New,

    /// <summary>This grain finished it recently: nothing runs again.</summary>
    SeenRecently,

    /// <summary>
    /// Already in the event store, but not among this grain's recent events: a redelivery after a
    /// crash (its later stages may never have run), a replay from an earlier offset, or a duplicate
    /// sent long after the first. The idempotent stages run again; counted effects only where they
    /// can tell the event was already applied.
    /// </summary>
    AlreadyIndexed,
}

/// <summary>Stage 1: dedup by event id (grain memory first, then the store's idempotent write) and index the event.</summary>
public sealed class IndexStage(IEventStore events, StageRunner runner, StageOptions options, PipelineCounters counters)
{
    public const string Name = "index";

    public async Task<IndexOutcome> RunAsync(PipelineEvent evt, UserState state) =>
        StartWrite(evt, state) is { } write ? Finish(evt, state, await write) : IndexOutcome.SeenRecently;

    /// <summary>
    /// The first half of the stage: null when this grain has seen the event recently (counted as a
    /// duplicate), else the store's idempotent write, under way. Several events' writes may be under
    /// way at once; <see cref="Finish"/> must follow each, in the grain's turn and in event order.
    /// </summary>
    public Task<bool>? StartWrite(PipelineEvent evt, UserState state)
    {
        if (state.HasSeen(evt.EventId))
        {
            counters.DuplicateSkipped();
            return null;
        }
        var row = new StoredEvent(evt.EventId, evt.Shop, evt.ClientId, evt.Name, evt.OccurredAt, evt.Origin.Partition, evt.Origin.Offset, evt.RawPayload);
        return runner.RunAsync(Name, StoreNames.Events, options.IndexTimeout, row, events.TryAppendAsync, evt.CutOff);
    }

    /// <summary>The second half, once the write has succeeded: false from the store means it held the event already.</summary>
    public IndexOutcome Finish(PipelineEvent evt, UserState state, bool isNew)
    {
        state.Remember(evt.EventId);
        if (!isNew) counters.DuplicateSkipped();
        return isNew ? IndexOutcome.New : IndexOutcome.AlreadyIndexed;
    }
}
