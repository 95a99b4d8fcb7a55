using GrainPipeline.Silo.Testing;
using GrainPipeline.Silo.Verification;
using GrainPipeline.Workload.Generation;
using GrainPipeline.Workload.Model;
using GrainPipeline.Workload.Producing;

namespace GrainPipeline.Integration.Tests;

/// <summary>
/// Scale-out and hand-over: Kafka's consumer group moves partitions between silos; a killed silo's
/// uncommitted events are redelivered to the new owner and dedup makes that harmless.
/// </summary>
[Collection(SerialCollection.Name)]
public class ClusterHandOverTests
{
    [Fact]
    public async Task Three_silos_with_one_killed_mid_stream_and_one_joining_lose_nothing_and_keep_order()
    {
        await using var cluster = await TestCluster.StartAsync(new TestClusterOptions { InitialSilos = 3, Partitions = 12 });
        var spec = new WorkloadSpec { Events = 24_000, Users = 3_000, Shops = 10, Seed = 21 };
        WorkloadProducer? producer = null;
        var options = new ProduceOptions
        {
            Bootstrap = cluster.Broker.Bootstrap,
            RatePerSecond = 4_000,
            BacklogProbe = new DelegateBacklogProbe(() => 2 * Math.Max(0, (producer?.Produced ?? 0) - cluster.Completed) / 12),
        };
        using (producer = new WorkloadProducer(options))
        {
            var producing = producer.RunAsync(WorkloadGenerator.Generate(spec));
            await WhenProduced(producer, 8_000);
            var victim = cluster.Silos[0];
            victim.Pump.Statistics.Consumed.Should().BeGreaterThan(0, "the killed silo must have been working when it died");
            victim.OwnedPartitions.Should().NotBeEmpty();
            await cluster.KillSiloAsync(victim);
            await WhenProduced(producer, 16_000);
            cluster.StartSilo();
            var report = await producing.WaitAsync(TimeSpan.FromMinutes(2));
            report.Produced.Should().Be(spec.Events);
        }

        await cluster.WaitForFullAssignmentAsync(TimeSpan.FromSeconds(60));
        await cluster.WaitForCaughtUpAsync(TimeSpan.FromMinutes(2));
        foreach (var silo in cluster.Silos) await cluster.StopSiloAsync(silo);

        var deadLetters = DeadLetterReader.Read(cluster.Broker.Bootstrap, "events.dlq", TimeSpan.FromSeconds(30));
        var result = await new PipelineVerifier(cluster.Stores.Events, cluster.Stores.ProductStats).VerifyAsync(spec, deadLetters, CancellationToken.None);
        result.Lost.Should().Be(0, string.Join("; ", result.Samples));
        result.OrderViolations.Should().Be(0, string.Join("; ", result.Samples));
        result.Stored.Should().Be(spec.Events);
    }

    [Fact]
    public async Task Waiting_for_full_assignment_right_after_a_silo_starts_waits_for_it_to_join()
    {
        await using var cluster = await TestCluster.StartAsync(new TestClusterOptions { InitialSilos = 1, Partitions = 4 });
        var first = cluster.Silos[0];
        first.OwnedPartitions.Should().HaveCount(4, "a lone silo owns every partition");

        // The first silo still owns all four when the second is started: that alone is no full assignment.
        var second = cluster.StartSilo();
        await cluster.WaitForFullAssignmentAsync(TimeSpan.FromSeconds(60));

        second.OwnedPartitions.Should().NotBeEmpty("the wait covers the rebalance the new silo starts");
        first.OwnedPartitions.Should().NotBeEmpty();
        first.OwnedPartitions.Concat(second.OwnedPartitions).Should().BeEquivalentTo([0, 1, 2, 3]);
    }

    [Fact]
    public async Task A_silo_beyond_the_partition_count_joins_with_nothing_and_counts_as_joined()
    {
        await using var cluster = await TestCluster.StartAsync(new TestClusterOptions { InitialSilos = 1, Partitions = 1 });
        // Two more silos for one partition: whichever the assignor picks, at least one newcomer gets
        // an empty assignment, and it must still count as a member (and so be ready, see /readyz).
        var newcomers = new[] { cluster.StartSilo(), cluster.StartSilo() };

        await Task.WhenAll(newcomers.Select(s => s.Pump.Joined)).WaitAsync(TimeSpan.FromSeconds(60));
        await cluster.WaitForFullAssignmentAsync(TimeSpan.FromSeconds(60));

        cluster.Silos.Should().ContainSingle(s => s.OwnedPartitions.Count == 1);
        cluster.Silos.Count(s => s.OwnedPartitions.Count == 0).Should().Be(2);
    }

    private static async Task WhenProduced(WorkloadProducer producer, long count)
    {
        using var deadline = new CancellationTokenSource(TimeSpan.FromMinutes(1));
        while (producer.Produced < count) await Task.Delay(20, deadline.Token);
    }
}
