using GrainPipeline.Observability.Histograms;

namespace GrainPipeline.Dashboard.Tests.Unit;

public class LatencyHistogramTests
{
    [Theory]
    [InlineData(0.5)]
    [InlineData(3)]
    [InlineData(42)]
    [InlineData(1500)]
    public void A_percentile_is_within_one_bucket_of_the_truth(double milliseconds)
    {
        var histogram = new LatencyHistogram();
        for (var i = 0; i < 1000; i++) histogram.Record(milliseconds);

        var snapshot = histogram.Snapshot();

        snapshot.Count.Should().Be(1000);
        snapshot.MeanMs.Should().BeApproximately(milliseconds, 0.001);
        snapshot.Percentile(0.99).Should().BeInRange(milliseconds / LatencyHistogram.Growth, milliseconds * LatencyHistogram.Growth);
    }

    [Fact]
    public void An_interval_is_the_difference_of_two_snapshots()
    {
        var histogram = new LatencyHistogram();
        for (var i = 0; i < 100; i++) histogram.Record(1000);
        var before = histogram.Snapshot();
        for (var i = 0; i < 100; i++) histogram.Record(2);

        var interval = histogram.Snapshot().Minus(before);

        interval.Count.Should().Be(100);
        interval.Percentile(0.99).Should().BeLessThan(2 * LatencyHistogram.Growth, "the slow calls happened before the interval");
    }

    [Fact]
    public void Extremes_land_in_the_first_and_last_buckets_and_empty_is_zero()
    {
        LatencyHistogram.IndexOf(0).Should().Be(0);
        LatencyHistogram.IndexOf(-5).Should().Be(0);
        LatencyHistogram.IndexOf(double.MaxValue).Should().Be(LatencyHistogram.BucketCount - 1);
        HistogramSnapshot.Empty.Percentile(0.99).Should().Be(0);
    }
}
