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
        IsRecentRepeat(evt, state) ? IndexOutcome.SeenRecently : Finish(evt, state, await WriteAsync(evt));

    /// <summary>True (and counted as a duplicate) when this grain has seen the event recently: nothing to write.</summary>
    public bool IsRecentRepeat(PipelineEvent evt, UserState state)
    {
        if (!state.HasSeen(evt.EventId)) return false;
        counters.DuplicateSkipped();
        return true;
    }

    /// <summary>The store's idempotent write; <see cref="Finish"/> follows it in the grain's turn.</summary>
    public Task<bool> WriteAsync(PipelineEvent evt) =>
        runner.RunAsync(Name, StoreNames.Events, options.IndexTimeout, RowOf(evt), events.TryAppendAsync, evt.CutOff);

    /// <summary>
    /// The writes of events queued together, as one store call: one statement, in event order, retried
    /// or failed as one. Their cut-off must be the same (their partition's).
    /// </summary>
    public Task<bool[]> WriteAllAsync(IReadOnlyList<PipelineEvent> evts)
    {
        var rows = new StoredEvent[evts.Count];
        for (var i = 0; i < rows.Length; i++) rows[i] = RowOf(evts[i]);
        return runner.RunAsync(Name, StoreNames.Events, options.IndexTimeout, rows, events.TryAppendAllAsync, evts[0].CutOff);
    }

    /// <summary>The second half, once the write has succeeded: false from the store means it held the event already.</summary>
    public IndexOutcome Finish(PipelineEvent evt, UserState state, bool isNew)
    {
        state.Remember(evt.EventId);
        if (!isNew) counters.DuplicateSkipped();
        return isNew ? IndexOutcome.New : IndexOutcome.AlreadyIndexed;
    }

    private static StoredEvent RowOf(PipelineEvent evt) =>
        new(evt.EventId, evt.Shop, evt.ClientId, evt.Name, evt.OccurredAt, evt.Origin.Partition, evt.Origin.Offset, evt.RawPayload);
}
