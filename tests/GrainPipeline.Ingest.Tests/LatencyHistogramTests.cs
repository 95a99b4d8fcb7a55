using GrainPipeline.Ingest.Diagnostics;

namespace GrainPipeline.Ingest.Tests;

public class LatencyHistogramTests
{
    [Fact]
    public void Percentiles_are_within_the_bucket_resolution_of_the_truth()
    {
        var histogram = new LatencyHistogram();
        for (var ms = 1; ms <= 1000; ms++) histogram.Record(TimeSpan.FromMilliseconds(ms));

        histogram.Count.Should().Be(1000);
        histogram.Percentile(0.50).TotalMilliseconds.Should().BeApproximately(500, 500 * 0.07);
        histogram.Percentile(0.99).TotalMilliseconds.Should().BeApproximately(990, 990 * 0.07);
        histogram.Percentile(1.0).TotalMilliseconds.Should().BeGreaterOrEqualTo(1000);
    }

    [Fact]
    public void An_empty_histogram_reports_zero() => new LatencyHistogram().Percentile(0.99).Should().Be(TimeSpan.Zero);

    [Fact]
    public void A_single_slow_outlier_shows_only_in_the_tail()
    {
        var histogram = new LatencyHistogram();
        for (var i = 0; i < 999; i++) histogram.Record(TimeSpan.FromMilliseconds(2));
        histogram.Record(TimeSpan.FromSeconds(3));
        histogram.Percentile(0.99).TotalMilliseconds.Should().BeLessThan(3);
        histogram.Percentile(0.9999).TotalSeconds.Should().BeGreaterOrEqualTo(3);
    }
}
