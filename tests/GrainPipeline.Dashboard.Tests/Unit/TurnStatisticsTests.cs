using GrainPipeline.Observability.TopN;
using GrainPipeline.Runtime;
using GrainPipeline.Runtime.Diagnostics;

namespace GrainPipeline.Dashboard.Tests.Unit;

public class TurnStatisticsTests
{
    [Fact]
    public void Heavy_grains_stay_on_top_among_a_stream_of_many_light_ones()
    {
        var turns = new TurnStatistics(capacity: 32);
        var random = new Random(5);
        for (var i = 0; i < 50_000; i++)
        {
            // Two hot grains get a fifth of all calls each; the rest spread over 10,000 keys.
            var key = random.NextDouble() switch
            {
                < 0.2 => "hot-1",
                < 0.4 => "hot-2",
                _ => "cold-" + random.Next(10_000),
            };
            turns.Record(new GrainId("user", key), TimeSpan.FromMilliseconds(key == "hot-2" ? 5 : 0.1));
        }

        var byCalls = turns.TopByCalls(2);
        var byTime = turns.TopByTurnTime(1);

        byCalls.Select(t => t.Grain.Key).Should().BeEquivalentTo(["hot-1", "hot-2"]);
        byCalls.Should().OnlyContain(t => t.Calls > 8_000);
        byTime.Single().Grain.Key.Should().Be("hot-2");
    }

    [Fact]
    public void Memory_is_fixed_however_many_grains_pass_by()
    {
        var sketch = new HeavyHitters<string>(capacity: 16);
        for (var i = 0; i < 100_000; i++) sketch.Add("grain-" + i, 1, 0.1);

        sketch.Count.Should().Be(16);
        var entries = new List<HeavyHitter<string>>();
        sketch.CopyTo(entries);
        entries.Should().HaveCount(16);
    }

    [Fact]
    public void After_two_rotations_a_quiet_grain_has_left_the_lists()
    {
        var turns = new TurnStatistics(capacity: 8);
        turns.Record(new GrainId("user", "once-busy"), TimeSpan.FromMilliseconds(1));
        turns.Rotate();
        turns.TopByCalls(5).Should().ContainSingle(t => t.Grain.Key == "once-busy", "the previous generation still counts");

        turns.Rotate();

        turns.TopByCalls(5).Should().BeEmpty();
    }
}
