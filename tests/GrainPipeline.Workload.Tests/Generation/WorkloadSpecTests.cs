using GrainPipeline.Workload.Generation;
using GrainPipeline.Workload.Model;

namespace GrainPipeline.Workload.Tests.Generation;

public sealed class WorkloadSpecTests
{
    private static readonly WorkloadSpec Valid = new() { Events = 10, Users = 10, Shops = 2 };

    [Fact]
    public void Defaults_are_the_documented_ones()
    {
        Valid.ZipfExponent.Should().Be(1.1);
        Valid.Seed.Should().Be(42);
        Valid.Poison.Should().Be(0);
        Valid.BaseTime.Should().Be(new DateTimeOffset(2026, 11, 1, 0, 0, 0, TimeSpan.Zero));
        Valid.Problems().Should().BeEmpty();
    }

    [Theory]
    [InlineData("events", "--events")]
    [InlineData("users", "--users")]
    [InlineData("shops", "--shops")]
    [InlineData("shops-over-users", "--shops")]
    [InlineData("zipf", "--zipf")]
    [InlineData("zipf-nan", "--zipf")]
    [InlineData("poison-negative", "--poison")]
    [InlineData("poison-over-events", "--poison")]
    public void Each_problem_names_its_flag(string problem, string flag)
    {
        var spec = problem switch
        {
            "events" => Valid with { Events = 0 },
            "users" => Valid with { Users = 0, Shops = 1 },
            "shops" => Valid with { Shops = 0 },
            "shops-over-users" => Valid with { Shops = 11 },
            "zipf" => Valid with { ZipfExponent = -0.5 },
            "zipf-nan" => Valid with { ZipfExponent = double.NaN },
            "poison-negative" => Valid with { Poison = -1 },
            "poison-over-events" => Valid with { Poison = 11 },
            _ => throw new ArgumentOutOfRangeException(nameof(problem)),
        };

        spec.Problems().Should().ContainSingle().Which.Should().StartWith(flag);
        var generate = () => WorkloadGenerator.Generate(spec);
        generate.Should().Throw<ArgumentException>().WithMessage($"*{flag}*");
    }

    [Fact]
    public void All_poison_is_allowed()
    {
        var spec = Valid with { Poison = Valid.Events };

        spec.Problems().Should().BeEmpty();
        WorkloadGenerator.Generate(spec).Should().HaveCount(10).And.OnlyContain(r => r.IsPoison);
    }
}
