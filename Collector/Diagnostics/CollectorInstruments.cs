using System.Diagnostics.Metrics;
using GrainPipeline.Collector.Producing;
using GrainPipeline.Collector.RateLimiting;

namespace GrainPipeline.Collector.Diagnostics;

/// <summary>
/// The collector's instruments on one <see cref="Meter"/> made by the host's <see cref="IMeterFactory"/>.
/// Each host gets its own meter instance, so two collectors in one process (tests, the demo) never
/// mix their numbers on <c>/metrics</c>.
/// </summary>
public sealed class CollectorInstruments
{
    private readonly Counter<long> _requests;
    private readonly Counter<long> _eventsAccepted;
    private readonly Counter<long> _rejections;
    private readonly Counter<long> _produceFailures;
    private readonly Histogram<double> _produceDuration;

    public CollectorInstruments(IMeterFactory meterFactory, RequestBudget budget, BrokerConnectivity connectivity, ShopRateLimiter rateLimiter)
    {
        ArgumentNullException.ThrowIfNull(meterFactory);
        Meter = meterFactory.Create(InstrumentNames.MeterName);
        _requests = Meter.CreateCounter<long>(InstrumentNames.Requests, "{request}", "HTTP answers by endpoint and status");
        _eventsAccepted = Meter.CreateCounter<long>(InstrumentNames.EventsAccepted, "{event}", "Records acknowledged by the broker");
        _rejections = Meter.CreateCounter<long>(InstrumentNames.Rejections, "{request}", "Requests refused before producing, by reason");
        _produceFailures = Meter.CreateCounter<long>(InstrumentNames.ProduceFailures, "{event}", "Records not delivered, by reason");
        _produceDuration = Meter.CreateHistogram<double>(InstrumentNames.ProduceDuration, "ms", "Enqueue to last acknowledgement of a request");
        Meter.CreateObservableGauge(InstrumentNames.InFlightRequests, () => budget.InFlightRequests, "{request}", "Requests holding budget");
        Meter.CreateObservableGauge(InstrumentNames.InFlightBytes, () => budget.InFlightBytes, "By", "Body bytes held by admitted requests");
        Meter.CreateObservableGauge(InstrumentNames.ProducerQueueMessages, () => connectivity.QueuedMessages, "{message}", "Records in the producer queue");
        Meter.CreateObservableGauge(InstrumentNames.ProducerQueueBytes, () => connectivity.QueuedBytes, "By", "Bytes in the producer queue");
        Meter.CreateObservableGauge(InstrumentNames.TrackedShops, () => rateLimiter.TrackedShops, "{shop}", "Shops in the rate limiter table");
        Meter.CreateObservableGauge(InstrumentNames.BrokerReady, () => connectivity.IsReady ? 1 : 0, "", "1 when a broker connection is up");
    }

    public Meter Meter { get; }

    public void Answered(string endpoint, int status) =>
        _requests.Add(1, new KeyValuePair<string, object?>("endpoint", endpoint), new KeyValuePair<string, object?>("status", StatusText(status)));

    public void Accepted(string source, int events) =>
        _eventsAccepted.Add(events, new KeyValuePair<string, object?>("source", source));

    public void Rejected(string reason) =>
        _rejections.Add(1, new KeyValuePair<string, object?>("reason", reason));

    public void ProduceFailed(string reason, int events) =>
        _produceFailures.Add(events, new KeyValuePair<string, object?>("reason", reason));

    public void Produced(double milliseconds) => _produceDuration.Record(milliseconds);

    // Cached strings: a status tag must not allocate on every request.
    private static string StatusText(int status) => status switch
    {
        200 => "200", 202 => "202", 400 => "400", 401 => "401", 404 => "404",
        408 => "408", 413 => "413", 429 => "429", 500 => "500", 503 => "503",
        _ => status.ToString(System.Globalization.CultureInfo.InvariantCulture),
    };
}
