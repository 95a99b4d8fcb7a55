using System.Text.Json;
using GrainPipeline.Runtime.Configuration;

namespace GrainPipeline.Runtime.Storage;

/// <summary>
/// <see cref="IPersistentState{TState}"/> over an <see cref="IGrainStorage"/>: JSON on the wire, the
/// ETag kept between calls, and each call bounded by <see cref="StorageOptions.CallTimeout"/>.
/// </summary>
internal sealed class PersistentState<TState>(string stateName, GrainId grainId, IGrainStorage storage, StorageOptions options)
    : IPersistentState<TState>, IGrainStateParticipant
    where TState : class, new()
{
    public TState State { get; set; } = new();

    public string? Etag { get; private set; }

    public bool RecordExists => Etag is not null;

    public async Task ReadStateAsync(CancellationToken cancellation = default)
    {
        using var timeout = Bounded(cancellation);
        var stored = await storage.ReadAsync(stateName, grainId, timeout.Token);
        State = stored is null ? new TState() : JsonSerializer.Deserialize<TState>(stored.Data) ?? new TState();
        Etag = stored?.Etag;
    }

    public async Task WriteStateAsync(CancellationToken cancellation = default)
    {
        using var timeout = Bounded(cancellation);
        var data = JsonSerializer.SerializeToUtf8Bytes(State);
        Etag = await storage.WriteAsync(stateName, grainId, data, Etag, timeout.Token);
    }

    public async Task ClearStateAsync(CancellationToken cancellation = default)
    {
        using var timeout = Bounded(cancellation);
        await storage.ClearAsync(stateName, grainId, Etag, timeout.Token);
        Etag = null;
        State = new TState();
    }

    public string StateName => stateName;

    Task IGrainStateParticipant.ReadAsync(CancellationToken cancellation) => ReadStateAsync(cancellation);

    byte[] IGrainStateParticipant.SerializeState() => JsonSerializer.SerializeToUtf8Bytes(State);

    private CancellationTokenSource Bounded(CancellationToken cancellation)
    {
        var source = CancellationTokenSource.CreateLinkedTokenSource(cancellation);
        source.CancelAfter(options.CallTimeout);
        return source;
    }
}
