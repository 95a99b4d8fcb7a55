namespace GrainPipeline.Collector.Client;

/// <summary>The collector refused a batch for good (4xx other than 429), or kept refusing it for load.</summary>
public sealed class CollectorRejectedException : Exception
{
    public CollectorRejectedException()
    {
    }

    public CollectorRejectedException(string message)
        : base(message)
    {
    }

    public CollectorRejectedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public CollectorRejectedException(int status, string detail, int attempts)
        : base($"The collector answered {status} after {attempts} attempt(s): {detail}")
    {
        Status = status;
        Detail = detail;
    }

    public int Status { get; }

    public string Detail { get; } = "";
}
