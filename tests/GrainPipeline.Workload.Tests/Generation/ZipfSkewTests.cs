using GrainPipeline.Workload.Generation;
using GrainPipeline.Workload.Model;
using GrainPipeline.Workload.Tests.Support;

namespace GrainPipeline.Workload.Tests.Generation;

public sealed class ZipfSkewTests
{
    [Fact]
    public void The_top_one_percent_of_users_send_far_more_than_one_percent_of_events()
    {
        var valid = Workloads.MediumRun.Valid().ToList();
        var perUser = valid.GroupBy(r => r.UserIndex).Select(g => g.Count()).OrderDescending().ToList();

        var top = Workloads.Medium.Users / 100;
        var share = perUser.Take(top).Sum() / (double)valid.Count;

        share.Should().BeGreaterThan(0.15, "uniform would give 1 %; Zipf 1.1 gives the top 1 % a large share");
    }

    [Fact]
    public void A_zero_exponent_is_roughly_uniform()
    {
        var spec = Workloads.Medium with { ZipfExponent = 0, Poison = 0 };
        var valid = WorkloadGenerator.Generate(spec).ToList();
        var perUser = valid.GroupBy(r => r.UserIndex).Select(g => g.Count()).OrderDescending().ToList();

        var share = perUser.Take(spec.Users / 100).Sum() / (double)valid.Count;

        share.Should().BeLessThan(0.05);
    }

    [Fact]
    public void Low_ranks_are_the_most_active_users()
    {
        var perUser = Workloads.MediumRun.Valid().GroupBy(r => r.UserIndex).ToDictionary(g => g.Key, g => g.Count());

        perUser.GetValueOrDefault(0).Should().BeGreaterThan(perUser.Where(p => p.Key >= 1000).Max(p => p.Value));
    }
}
