using GrainPipeline.Stores.Model;

namespace GrainPipeline.Stores.Abstractions;

/// <summary>The event index. Writes are idempotent by event id, so replays are harmless.</summary>
public interface IEventStore
{
    /// <summary>Stores the event unless its id is already stored; true when it was new.</summary>
    Task<bool> TryAppendAsync(StoredEvent evt, CancellationToken cancellation);

    /// <summary>
    /// Stores the events as one write, in the order given (their write sequences follow it), each
    /// unless its id is already stored; one "was new" per event. All are written or none: an error
    /// fails the call. A repeated id in the list is new at most once.
    /// </summary>
    Task<bool[]> TryAppendAllAsync(IReadOnlyList<StoredEvent> events, CancellationToken cancellation);

    /// <summary>For verification: the write sequence of each id that is stored (absent ids are missing).</summary>
    Task<IReadOnlyDictionary<string, long>> FindWriteSequencesAsync(IReadOnlyCollection<string> eventIds, CancellationToken cancellation);
}
