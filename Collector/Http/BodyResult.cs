namespace GrainPipeline.Collector.Http;

/// <summary>A request body as read by <see cref="RequestBody"/>, or why it could not be.</summary>
internal readonly record struct BodyResult(byte[] Bytes, BodyStatus Status)
{
    public static BodyResult TooLarge => new([], BodyStatus.TooLarge);

    public static BodyResult Incomplete => new([], BodyStatus.Incomplete);

    public static BodyResult TimedOut => new([], BodyStatus.TimedOut);
}
