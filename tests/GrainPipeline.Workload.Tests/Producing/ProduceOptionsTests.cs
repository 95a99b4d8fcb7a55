using GrainPipeline.Workload.Producing;

namespace GrainPipeline.Workload.Tests.Producing;

public sealed class ProduceOptionsTests
{
    private static readonly ProduceOptions Valid = new() { Bootstrap = "127.0.0.1:9092", MaxLag = 0 };

    [Theory]
    [InlineData("bootstrap-empty", "--bootstrap")]
    [InlineData("bootstrap-no-port", "--bootstrap")]
    [InlineData("bootstrap-bad-port", "--bootstrap")]
    [InlineData("topic", "--topic")]
    [InlineData("rate", "--rate")]
    [InlineData("rate-infinite", "--rate")]
    [InlineData("max-lag", "--max-lag")]
    [InlineData("queue", "queue.buffering.max.messages")]
    public void Each_problem_names_its_flag_or_setting(string problem, string name)
    {
        var options = problem switch
        {
            "bootstrap-empty" => Valid with { Bootstrap = " " },
            "bootstrap-no-port" => Valid with { Bootstrap = "localhost" },
            "bootstrap-bad-port" => Valid with { Bootstrap = "a:1,b:70000" },
            "topic" => Valid with { Topic = "no spaces" },
            "rate" => Valid with { RatePerSecond = -1 },
            "rate-infinite" => Valid with { RatePerSecond = double.PositiveInfinity },
            "max-lag" => Valid with { MaxLag = -5 },
            "queue" => Valid with { QueueMaxMessages = 0 },
            _ => throw new ArgumentOutOfRangeException(nameof(problem)),
        };

        options.Problems().Should().ContainSingle().Which.Should().StartWith(name);
    }

    [Fact]
    public void Defaults_are_valid_and_leave_room_for_oversized_records()
    {
        Valid.Problems().Should().BeEmpty();
        new ProduceOptions { Bootstrap = "h:1,h:2" }.MaxLag.Should().Be(2_000);
        Valid.MessageMaxBytes.Should().BeGreaterThan(2 * 1024 * 1024);
        (Valid.QueueMaxKbytes * 1024L).Should().BeGreaterThan(Valid.MessageMaxBytes);
    }
}
