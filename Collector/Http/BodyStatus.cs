namespace GrainPipeline.Collector.Http;

internal enum BodyStatus
{
    /// <summary>The whole body is in <see cref="BodyResult.Bytes"/>.</summary>
    Read,

    /// <summary>Over the size limit: answer 413.</summary>
    TooLarge,

    /// <summary>The body did not arrive within <c>Collector:BodyReadTimeoutMs</c>: answer 408.</summary>
    TimedOut,

    /// <summary>The client stopped sending (disconnect, short body): answer 400 if anyone still listens.</summary>
    Incomplete,
}
