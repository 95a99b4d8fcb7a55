using System.Diagnostics.Metrics;
using GrainPipeline.Observability.Metrics;
using GrainPipeline.Runtime.Diagnostics;

namespace GrainPipeline.Dashboard.Tests.Unit;

public class PrometheusFormatTests
{
    [Fact]
    public void Counters_end_in_total_and_dots_become_underscores()
    {
        using var meter = new Meter("GrainPipeline.Tests.Counters");
        using var exporter = new PrometheusExporter(meter);
        var consumed = meter.CreateCounter<long>(InstrumentNames.Consumed, description: "Records read from Kafka");
        var deadLettered = meter.CreateCounter<long>(InstrumentNames.DeadLettered);
        consumed.Add(3);
        consumed.Add(4);
        deadLettered.Add(2, new KeyValuePair<string, object?>("reason", "invalid-json"));

        var text = exporter.Scrape();

        text.Should().Contain("# HELP grainpipeline_ingest_consumed_total Records read from Kafka\n")
            .And.Contain("# TYPE grainpipeline_ingest_consumed_total counter\n")
            .And.Contain("grainpipeline_ingest_consumed_total 7\n")
            .And.Contain("grainpipeline_ingest_dead_lettered_total{reason=\"invalid-json\"} 2\n");
    }

    [Fact]
    public void Histograms_have_cumulative_buckets_with_le_then_sum_and_count()
    {
        using var meter = new Meter("GrainPipeline.Tests.Histograms");
        using var exporter = new PrometheusExporter(meter);
        var turns = meter.CreateHistogram<double>(InstrumentNames.TurnDuration, unit: "ms");
        turns.Record(0.5);
        turns.Record(7);
        turns.Record(20_000);

        var lines = exporter.Scrape().Split('\n');

        lines.Should().Contain("# TYPE grainpipeline_runtime_turn_duration_milliseconds histogram");
        lines.Should().Contain("grainpipeline_runtime_turn_duration_milliseconds_bucket{le=\"1\"} 1");
        lines.Should().Contain("grainpipeline_runtime_turn_duration_milliseconds_bucket{le=\"10\"} 2");
        lines.Should().Contain("grainpipeline_runtime_turn_duration_milliseconds_bucket{le=\"10000\"} 2");
        lines.Should().Contain("grainpipeline_runtime_turn_duration_milliseconds_bucket{le=\"+Inf\"} 3");
        lines.Should().Contain("grainpipeline_runtime_turn_duration_milliseconds_sum 20007.5");
        lines.Should().Contain("grainpipeline_runtime_turn_duration_milliseconds_count 3");
        var buckets = lines.Where(l => l.StartsWith("grainpipeline_runtime_turn_duration_milliseconds_bucket", StringComparison.Ordinal))
            .Select(l => long.Parse(l[(l.LastIndexOf(' ') + 1)..], System.Globalization.CultureInfo.InvariantCulture)).ToList();
        buckets.Should().BeInAscendingOrder("buckets are cumulative");
    }

    [Fact]
    public void Gauges_are_read_at_scrape_time_and_other_meters_are_not_served()
    {
        using var meter = new Meter("GrainPipeline.Tests.Gauges");
        using var other = new Meter("GrainPipeline.Tests.Other");
        using var exporter = new PrometheusExporter(meter);
        var inFlight = 5L;
        meter.CreateObservableGauge(InstrumentNames.InFlightMessages, () => inFlight);
        other.CreateCounter<long>("grainpipeline.other").Add(1);

        exporter.Scrape().Should().Contain("grainpipeline_ingest_inflight_messages 5\n");
        inFlight = 9;
        var text = exporter.Scrape();

        text.Should().Contain("# TYPE grainpipeline_ingest_inflight_messages gauge\n").And.Contain("grainpipeline_ingest_inflight_messages 9\n");
        text.Should().NotContain("grainpipeline_other");
    }
}
