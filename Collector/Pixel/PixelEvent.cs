namespace GrainPipeline.Collector.Pixel;

/// <summary>One validated pixel event: its identity and where its JSON lies in the request body.</summary>
public readonly record struct PixelEvent(string Id, string ClientId, int Start, int Length);
