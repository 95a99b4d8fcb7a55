using GrainPipeline.Dashboard.Sampling;

namespace GrainPipeline.Dashboard.Tests.Unit;

public class TimeSeriesRingTests
{
    [Fact]
    public void Keeps_only_the_last_capacity_rows_oldest_first()
    {
        var ring = new TimeSeriesRing(capacity: 3, maxSeries: 4);
        for (var i = 1; i <= 5; i++) ring.Append(i * 1000, new Dictionary<string, double> { ["a"] = i });

        var window = ring.Read();

        window.Times.Should().Equal(3000, 4000, 5000);
        window.Series["a"].Should().Equal(3, 4, 5);
        ring.Rows.Should().Be(5);
    }

    [Fact]
    public void Reading_since_a_time_returns_only_newer_rows()
    {
        var ring = new TimeSeriesRing(10, 4);
        for (var i = 1; i <= 4; i++) ring.Append(i, new Dictionary<string, double> { ["a"] = i * 10 });

        ring.Read(sinceUnixMs: 2).Times.Should().Equal(3, 4);
        ring.Read(sinceUnixMs: 4).Times.Should().BeEmpty();
    }

    [Fact]
    public void A_series_missing_from_a_row_is_null_there_and_a_new_series_is_null_before_it_appeared()
    {
        var ring = new TimeSeriesRing(10, 4);
        ring.Append(1, new Dictionary<string, double> { ["a"] = 1 });
        ring.Append(2, new Dictionary<string, double> { ["b"] = 2 });

        var window = ring.Read();

        window.Series["a"].Should().Equal(1, null);
        window.Series["b"].Should().Equal(null, 2);
        ring.Latest("a").Should().BeNull();
        ring.Latest("b").Should().Be(2);
    }

    [Fact]
    public void Series_beyond_the_maximum_are_dropped_so_memory_stays_fixed()
    {
        var ring = new TimeSeriesRing(capacity: 300, maxSeries: 2);
        var values = Enumerable.Range(0, 50).ToDictionary(i => "s" + i, i => (double)i);
        for (var t = 0; t < 1000; t++) ring.Append(t, values);

        ring.SeriesCount.Should().Be(2);
        ring.FootprintBytes.Should().Be(300 * 8 * 3, "timestamps plus two series of 300 doubles, after 1000 rows");
        ring.Read().Times.Should().HaveCount(300);
    }
}
