namespace GrainPipeline.Runtime.Storage;

/// <summary>
/// Durable grain state with optimistic concurrency. Every write names the ETag it last saw; a
/// mismatch raises <see cref="InconsistentStateException"/> instead of overwriting someone else's state.
/// </summary>
public interface IGrainStorage
{
    /// <summary>Reads the stored state; null when none is stored.</summary>
    Task<StoredGrainState?> ReadAsync(string stateName, GrainId grainId, CancellationToken cancellation);

    /// <summary>Writes when the stored ETag equals <paramref name="expectedEtag"/> (null = must not exist); returns the new ETag.</summary>
    Task<string> WriteAsync(string stateName, GrainId grainId, ReadOnlyMemory<byte> data, string? expectedEtag, CancellationToken cancellation);

    /// <summary>Deletes under the same ETag rule.</summary>
    Task ClearAsync(string stateName, GrainId grainId, string? expectedEtag, CancellationToken cancellation);

    /// <summary>
    /// Whether an error of this storage means "not reachable right now" (retry later) rather than
    /// "this request is wrong". An activation retries a state read for as long as that lasts.
    /// </summary>
    bool IsTransient(Exception error) => error is TimeoutException or IOException or System.Net.Sockets.SocketException;
}

public sealed record StoredGrainState(byte[] Data, string Etag);
