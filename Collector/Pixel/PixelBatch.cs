namespace GrainPipeline.Collector.Pixel;

/// <summary>What <see cref="PixelBatchParser"/> made of a request body: events, or why there are none.</summary>
public sealed class PixelBatch
{
    private PixelBatch(IReadOnlyList<PixelEvent> events, int status, string? error)
    {
        Events = events;
        Status = status;
        Error = error;
    }

    public IReadOnlyList<PixelEvent> Events { get; }

    /// <summary>0 when valid, else the HTTP status to answer (400 or 413).</summary>
    public int Status { get; }

    /// <summary>Why the body was refused, for the response and the log; names the setting when a limit was hit.</summary>
    public string? Error { get; }

    public bool IsValid => Error is null;

    internal static PixelBatch Ok(IReadOnlyList<PixelEvent> events) => new(events, 0, null);

    internal static PixelBatch Malformed(string error) => new([], 400, error);

    internal static PixelBatch TooLarge(string error) => new([], 413, error);
}
