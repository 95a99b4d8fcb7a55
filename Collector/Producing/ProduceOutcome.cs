namespace GrainPipeline.Collector.Producing;

/// <summary>How a request's records fared with the producer.</summary>
public enum ProduceOutcome
{
    /// <summary>Every record was acknowledged by the broker (acks=all): the request may get 2xx.</summary>
    Acknowledged,

    /// <summary>The producer queue was full: overload, answer 503 with Retry-After.</summary>
    QueueFull,

    /// <summary>Brokers unreachable or the delivery timed out: answer 503 with Retry-After.</summary>
    BrokerUnavailable,

    /// <summary>The broker refused the record itself (e.g. too large for it): answer 503, it is our limit.</summary>
    Rejected,
}
