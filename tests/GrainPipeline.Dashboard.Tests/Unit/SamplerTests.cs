using GrainPipeline.Dashboard.Sampling;
using GrainPipeline.Dashboard.Sources;
using GrainPipeline.Dashboard.Tests.Infrastructure;
using GrainPipeline.Observability.Histograms;

namespace GrainPipeline.Dashboard.Tests.Unit;

public class SamplerTests
{
    private static readonly DateTimeOffset Start = new(2025, 1, 1, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task Rates_and_percentiles_come_from_the_difference_between_two_samples()
    {
        using var source = new FakeDashboardSource();
        var clock = new ManualClock(Start);
        await using var sampler = new Sampler(source, new TimeSeriesRing(300, 64), TimeSpan.FromSeconds(1), clock);
        var latency = new LatencyHistogram();
        source.Counters = new SiloCounters { Completed = 1_000, DeadLettered = 10, Activated = 5, EndToEnd = latency.Snapshot() };
        sampler.SampleNow();

        for (var i = 0; i < 99; i++) latency.Record(10);
        latency.Record(500);
        clock.Advance(TimeSpan.FromSeconds(2));
        source.Counters = new SiloCounters
        {
            Completed = 1_400, DeadLettered = 14, Activated = 25, EndToEnd = latency.Snapshot(), Activations = 20,
            ActivationsByType = new Dictionary<string, int> { ["user"] = 19, ["product-stats-flusher"] = 1 },
            Stages = [new CallCounters("index", 400, 0, 0, HistogramSnapshot.Empty)],
        };
        sampler.SampleNow();

        var ring = sampler.Ring;
        ring.Latest(SeriesNames.EventsPerSecond).Should().Be(200, "400 completed over two seconds");
        ring.Latest(SeriesNames.DeadLetteredPerSecond).Should().Be(2);
        ring.Latest(SeriesNames.ErrorRatePercent).Should().Be(1);
        ring.Latest(SeriesNames.ActivationsPerSecond).Should().Be(10);
        ring.Latest(SeriesNames.EndToEndP50).Should().BeInRange(10 / LatencyHistogram.Growth, 10 * LatencyHistogram.Growth);
        ring.Latest(SeriesNames.EndToEndP99).Should().BeInRange(10 / LatencyHistogram.Growth, 10 * LatencyHistogram.Growth, "99 of 100 took 10 ms");
        ring.Latest(SeriesNames.ActivationsOfType + "user").Should().Be(19);
        ring.Latest(SeriesNames.StageCalls + "index").Should().Be(200);
        ring.Read().Times.Should().Equal(Start.ToUnixTimeMilliseconds(), Start.AddSeconds(2).ToUnixTimeMilliseconds());
    }

    [Fact]
    public async Task The_first_sample_has_gauges_but_no_rates()
    {
        using var source = new FakeDashboardSource { Counters = new SiloCounters { Completed = 50, InFlightMessages = 7 } };
        await using var sampler = new Sampler(source, new TimeSeriesRing(300, 64), TimeSpan.FromSeconds(1), new ManualClock(Start));

        sampler.SampleNow();

        sampler.Ring.Latest(SeriesNames.InFlightMessages).Should().Be(7);
        sampler.Ring.Latest(SeriesNames.EventsPerSecond).Should().BeNull();
        sampler.Cost.Samples.Should().Be(1);
    }

    [Fact]
    public async Task An_hour_of_samples_keeps_the_rings_at_their_fixed_size()
    {
        using var source = new FakeDashboardSource();
        var clock = new ManualClock(Start);
        await using var sampler = new Sampler(source, new TimeSeriesRing(300, 64), TimeSpan.FromSeconds(1), clock);
        for (var second = 0; second < 3600; second++)
        {
            source.Counters = new SiloCounters { Completed = second * 100L, ActivationsByType = new Dictionary<string, int> { ["user"] = second } };
            sampler.SampleNow();
            clock.Advance(TimeSpan.FromSeconds(1));
        }

        var bytesAfterAnHour = sampler.Ring.FootprintBytes;
        sampler.Ring.Read().Times.Should().HaveCount(300);
        bytesAfterAnHour.Should().BeLessThan(64 * 1024, "rings are (1 + series) x 300 doubles, whatever the uptime");
        sampler.Ring.Latest(SeriesNames.EventsPerSecond).Should().Be(100);
    }
}
