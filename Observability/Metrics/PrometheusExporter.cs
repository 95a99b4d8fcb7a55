using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using System.Text;

namespace GrainPipeline.Observability.Metrics;

/// <summary>
/// Serves one <see cref="Meter"/> in Prometheus text format. The OpenTelemetry Prometheus exporter
/// and prometheus-net are not available to this build, so this is a small one: a
/// <see cref="MeterListener"/> that listens to exactly this meter instance (so two collectors or two
/// silos in one process never mix), running sums per tag set, and observable instruments read at
/// scrape time. Tag sets stay bounded because no instrument is tagged with anything unbounded
/// (shops, users and grain keys never become tags; see each InstrumentNames class).
/// </summary>
public sealed class PrometheusExporter : IDisposable
{
    public const string ContentType = "text/plain; version=0.0.4; charset=utf-8";

    private readonly MeterListener _listener = new();
    private readonly ConcurrentDictionary<Instrument, InstrumentState> _instruments = new();
    private readonly Lock _scrapeGate = new();

    public PrometheusExporter(Meter meter)
    {
        ArgumentNullException.ThrowIfNull(meter);
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (!ReferenceEquals(instrument.Meter, meter)) return;
            _instruments.TryAdd(instrument, new InstrumentState(instrument, KindOf(instrument)));
            listener.EnableMeasurementEvents(instrument);
        };
        _listener.MeasurementsCompleted = (instrument, _) => _instruments.TryRemove(instrument, out InstrumentState? _);
        _listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) => Record(instrument, value, tags));
        _listener.SetMeasurementEventCallback<int>((instrument, value, tags, _) => Record(instrument, value, tags));
        _listener.SetMeasurementEventCallback<double>((instrument, value, tags, _) => Record(instrument, value, tags));
        _listener.Start();
    }

    /// <summary>The current values of every instrument, as the body of a <c>/metrics</c> answer.</summary>
    public string Scrape()
    {
        lock (_scrapeGate)
        {
            // Observable gauges report only when asked; their callbacks land in Record below.
            _listener.RecordObservableInstruments();
            var text = new StringBuilder(4096);
            foreach (var state in _instruments.Values.OrderBy(s => s.Instrument.Name, StringComparer.Ordinal))
                PrometheusTextWriter.Write(text, state.Instrument, state.Kind, state.Series.Values.OrderBy(s => s.Labels, StringComparer.Ordinal));
            return text.ToString();
        }
    }

    public void Dispose() => _listener.Dispose();

    private void Record(Instrument instrument, double value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        if (!_instruments.TryGetValue(instrument, out var state)) return;
        var labels = PrometheusTextWriter.Labels(tags);
        var series = state.Series.GetOrAdd(labels, static (l, histogram) => new MetricSeries(l, histogram), state.Kind == MetricKind.Histogram);
        switch (state.Kind)
        {
            case MetricKind.Sum or MetricKind.UpDownSum:
                series.Add(value);
                break;
            case MetricKind.Histogram:
                series.Observe(value);
                break;
            default:
                series.Set(value);
                break;
        }
    }

    private static MetricKind KindOf(Instrument instrument)
    {
        var type = instrument.GetType();
        var definition = type.IsGenericType ? type.GetGenericTypeDefinition() : type;
        if (definition == typeof(Counter<>)) return MetricKind.Sum;
        if (definition == typeof(ObservableCounter<>)) return MetricKind.ObservedTotal;
        if (definition == typeof(UpDownCounter<>)) return MetricKind.UpDownSum;
        if (definition == typeof(Histogram<>)) return MetricKind.Histogram;
        return MetricKind.LastValue;
    }

    private sealed class InstrumentState(Instrument instrument, MetricKind kind)
    {
        public Instrument Instrument { get; } = instrument;
        public MetricKind Kind { get; } = kind;
        public ConcurrentDictionary<string, MetricSeries> Series { get; } = new(StringComparer.Ordinal);
    }
}
