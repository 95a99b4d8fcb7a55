using GrainPipeline.Grains.Events;
using GrainPipeline.Grains.User;
using GrainPipeline.Stores.Abstractions;
using GrainPipeline.Stores.Model;

namespace GrainPipeline.Grains.Stages;

/// <summary>Stage 1: dedup by event id (grain memory first, then the store's idempotent write) and index the event.</summary>
public sealed class IndexStage(IEventStore events, StageRunner runner, StageOptions options, PipelineCounters counters)
{
    public const string Name = "index";

    /// <summary>False when the event was seen before: the caller skips the remaining stages.</summary>
    public async Task<bool> RunAsync(PipelineEvent evt, UserState state)
    {
        if (state.HasSeen(evt.EventId))
        {
            counters.DuplicateSkipped();
            return false;
        }
        var row = new StoredEvent(evt.EventId, evt.Shop, evt.ClientId, evt.Name, evt.OccurredAt, evt.Origin.Partition, evt.Origin.Offset, evt.RawPayload);
        var isNew = await runner.RunAsync(Name, StoreNames.Events, options.IndexTimeout, row, events.TryAppendAsync);
        state.Remember(evt.EventId);
        if (!isNew) counters.DuplicateSkipped();
        return isNew;
    }
}
