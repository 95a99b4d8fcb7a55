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

    public async Task<IndexOutcome> RunAsync(PipelineEvent evt, UserState state)
    {
        if (state.HasSeen(evt.EventId))
        {
            counters.DuplicateSkipped();
            return IndexOutcome.SeenRecently;
        }
        var row = new StoredEvent(evt.EventId, evt.Shop, evt.ClientId, evt.Name, evt.OccurredAt, evt.Origin.Partition, evt.Origin.Offset, evt.RawPayload);
        var isNew = await runner.RunAsync(Name, StoreNames.Events, options.IndexTimeout, row, events.TryAppendAsync, evt.CutOff);
        state.Remember(evt.EventId);
        if (!isNew) counters.DuplicateSkipped();
        return isNew ? IndexOutcome.New : IndexOutcome.AlreadyIndexed;
    }
}
