namespace GrainPipeline.Runtime;

/// <summary>A grain's durable state, read during activation and written when the grain asks.</summary>
public interface IPersistentState<TState> where TState : class, new()
{
    TState State { get; set; }

    /// <summary>Version tag of the stored copy; null when nothing is stored.</summary>
    string? Etag { get; }

    bool RecordExists { get; }

    Task ReadStateAsync(CancellationToken cancellation = default);

    Task WriteStateAsync(CancellationToken cancellation = default);

    Task ClearStateAsync(CancellationToken cancellation = default);
}
