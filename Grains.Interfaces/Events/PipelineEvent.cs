using System.Text.Json;

namespace GrainPipeline.Grains.Events;

/// <summary>
/// One parsed, validated record on its way through the stages. It owns the parsed JSON, which is
/// released when the event is done; the ingest budget counts <see cref="SizeBytes"/> until then.
/// </summary>
public sealed class PipelineEvent : IDisposable
{
    private readonly JsonDocument _document;

    public PipelineEvent(JsonDocument document, EventEnvelope envelope, EventOrigin origin, int sizeBytes, Action<PipelineEvent, Exception?> onDone)
    {
        _document = document;
        Envelope = envelope;
        Origin = origin;
        SizeBytes = sizeBytes;
        Completion = new EventCompletion(this, onDone);
    }

    public EventEnvelope Envelope { get; }

    public string EventId => Envelope.EventId;
    public string Shop => Envelope.Shop;
    public string ClientId => Envelope.ClientId;
    public string Name => Envelope.Name;
    public DateTimeOffset OccurredAt => Envelope.OccurredAt;

    public EventOrigin Origin { get; }

    public int SizeBytes { get; }

    /// <summary>The Shopify JSON exactly as sent (pixel event object or webhook body).</summary>
    public JsonElement Payload => _document.RootElement;

    /// <summary>The raw bytes, for stores that keep the payload.</summary>
    public ReadOnlyMemory<byte> RawPayload { get; init; }

    public EventCompletion Completion { get; }

    /// <summary>
    /// Cancelled once the event's partition has left this silo after its last commit here (a stop or
    /// a hand-over whose drain timed out). Its store retries stop then: the next owner processes it.
    /// </summary>
    public CancellationToken CutOff { get; init; }

    public void Dispose() => _document.Dispose();
}
