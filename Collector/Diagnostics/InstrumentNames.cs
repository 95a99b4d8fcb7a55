namespace GrainPipeline.Collector.Diagnostics;

/// <summary>
/// Names of the collector's metrics, in one place so dashboards and alerts have one list to read.
/// Prometheus sees them with dots as underscores and counters suffixed <c>_total</c>.
/// No instrument is tagged with the shop: shops are unbounded, metric series must not be.
/// </summary>
public static class InstrumentNames
{
    public const string MeterName = "GrainPipeline.Collector";

    /// <summary>HTTP answers, tagged <c>endpoint</c> (pixel, webhook) and <c>status</c>.</summary>
    public const string Requests = "gp.collector.requests";

    /// <summary>Records the broker acknowledged, tagged <c>source</c> (pixel, webhook).</summary>
    public const string EventsAccepted = "gp.collector.events.accepted";

    /// <summary>Requests refused before producing, tagged <c>reason</c>.</summary>
    public const string Rejections = "gp.collector.rejections";

    /// <summary>Records the producer could not deliver, tagged <c>reason</c>.</summary>
    public const string ProduceFailures = "gp.collector.produce.failures";

    /// <summary>Time from enqueue to the last acknowledgement of a request's records, in ms.</summary>
    public const string ProduceDuration = "gp.collector.produce.duration";

    public const string InFlightRequests = "gp.collector.inflight.requests";
    public const string InFlightBytes = "gp.collector.inflight.bytes";
    public const string ProducerQueueMessages = "gp.collector.producer.queue.messages";
    public const string ProducerQueueBytes = "gp.collector.producer.queue.bytes";
    public const string TrackedShops = "gp.collector.ratelimit.shops";
    public const string BrokerReady = "gp.collector.broker.ready";
}
