using GrainPipeline.Workload.Generation;
using GrainPipeline.Workload.Model;
using GrainPipeline.Workload.Tests.Support;

namespace GrainPipeline.Workload.Tests.Generation;

public sealed class DeterminismTests
{
    [Fact]
    public void Same_seed_gives_identical_records()
    {
        var first = WorkloadGenerator.Generate(Workloads.Small).ToList();
        var second = WorkloadGenerator.Generate(Workloads.Small with { }).ToList();

        second.Should().HaveCount(first.Count);
        for (var i = 0; i < first.Count; i++)
        {
            var (a, b) = (first[i], second[i]);
            b.Key.Should().Be(a.Key, "record {0}", i);
            b.Value.AsSpan().SequenceEqual(a.Value).Should().BeTrue("record {0} must be byte-identical", i);
            b.Headers.Should().Equal(a.Headers);
            b.IsPoison.Should().Be(a.IsPoison);
            b.PoisonKind.Should().Be(a.PoisonKind);
            b.EventId.Should().Be(a.EventId);
            b.Timestamp.Should().Be(a.Timestamp);
            b.ProductEffects.Should().Equal(a.ProductEffects);
        }
    }

    [Fact]
    public void The_same_enumerable_replays_from_the_seed()
    {
        var records = WorkloadGenerator.Generate(Workloads.Small);

        var first = records.Select(r => r.Value).ToList();
        var second = records.Select(r => r.Value).ToList();

        second.Should().HaveCount(first.Count);
        second.Zip(first).All(pair => pair.First.AsSpan().SequenceEqual(pair.Second)).Should().BeTrue();
    }

    [Fact]
    public void A_different_seed_gives_different_events()
    {
        var a = WorkloadGenerator.Generate(Workloads.Small).ToList();
        var b = WorkloadGenerator.Generate(Workloads.Small with { Seed = 43 }).ToList();

        var identical = a.Zip(b).Count(pair => pair.First.Value.AsSpan().SequenceEqual(pair.Second.Value));
        identical.Should().Be(0);
        b.Select(r => r.EventId).Intersect(a.Select(r => r.EventId)).Where(id => id is not null).Should().BeEmpty();
        b.Select(r => r.ClientId).Intersect(a.Select(r => r.ClientId)).Where(id => id is not null).Should().BeEmpty();
    }

    [Fact]
    public void The_base_time_not_the_clock_sets_the_timestamps()
    {
        var start = new DateTimeOffset(2030, 1, 1, 0, 0, 0, TimeSpan.Zero);

        var records = WorkloadGenerator.Generate(Workloads.Small with { BaseTime = start }).Valid().ToList();

        records.Min(r => r.Timestamp).Should().BeOnOrAfter(start).And.BeBefore(start.AddMinutes(15));
    }

    [Fact]
    public void Generation_streams_instead_of_materialising()
    {
        // A trillion events would never fit in memory; taking a few must still be instant.
        var huge = new WorkloadSpec { Events = 1_000_000_000_000, Users = 1_000, Shops = 10, Poison = 1_000_000 };

        var first = WorkloadGenerator.Generate(huge).Take(1_000).ToList();

        first.Should().HaveCount(1_000);
    }
}
