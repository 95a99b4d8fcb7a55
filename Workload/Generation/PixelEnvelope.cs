namespace GrainPipeline.Workload.Generation;

/// <summary>The fields every Web Pixel event carries around its <c>data</c>: identity, time and page context.</summary>
internal readonly record struct PixelEnvelope(
    string Id,
    string Name,
    string ClientId,
    DateTimeOffset Timestamp,
    string Shop,
    string Path,
    string Search,
    string Referrer,
    string Title,
    string Language,
    string UserAgent);
