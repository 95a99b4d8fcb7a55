using System.Text.Json;
using GrainPipeline.Grains.Events;

namespace GrainPipeline.Ingest.Parsing;

/// <summary>Either a valid envelope with its parsed document, or a dead-letter reason with a detail for people.</summary>
public readonly record struct ParseOutcome(EventEnvelope? Envelope, JsonDocument? Document, string? Reason, string? Detail)
{
    public bool IsValid => Envelope is not null;

    public static ParseOutcome Valid(EventEnvelope envelope, JsonDocument document) => new(envelope, document, null, null);

    public static ParseOutcome Invalid(string reason, string detail) => new(null, null, reason, detail);
}
