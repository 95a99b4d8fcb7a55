namespace GrainPipeline.Collector.Pixel;

/// <summary>The 202 answer's body: how many events the broker acknowledged.</summary>
public sealed record PixelAccepted(int Accepted);
