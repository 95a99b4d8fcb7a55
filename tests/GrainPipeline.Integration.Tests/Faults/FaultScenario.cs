using GrainPipeline.Silo.Testing;
using GrainPipeline.Silo.Verification;
using GrainPipeline.Workload.Generation;
using GrainPipeline.Workload.Model;
using GrainPipeline.Workload.Producing;

namespace GrainPipeline.Integration.Tests.Faults;

/// <summary>
/// One fault-suite run: a workload produced into a TestCluster at a steady rate, a fault injected
/// when a given share has been produced, then — once the group has committed everything — a
/// graceful stop and the verifier. Short by default so the suite fits CI.
/// </summary>
internal static class FaultScenario
{
    public static async Task<(VerificationResult Result, TestCluster Cluster)> RunAsync(
        WorkloadSpec spec,
        Func<TestCluster, Task> fault,
        TestClusterOptions? options = null,
        double faultAt = 0.4,
        double rate = 4_000)
    {
        var cluster = await TestCluster.StartAsync(options ?? new TestClusterOptions { InitialSilos = 2, Partitions = 12 });
        WorkloadProducer? producer = null;
        var produce = new ProduceOptions
        {
            Bootstrap = cluster.Broker.Bootstrap,
            RatePerSecond = rate,
            BacklogProbe = new DelegateBacklogProbe(() => 2 * Math.Max(0, (producer?.Produced ?? 0) - cluster.Completed) / 12),
        };
        using (producer = new WorkloadProducer(produce))
        {
            var producing = producer.RunAsync(WorkloadGenerator.Generate(spec));
            using (var deadline = new CancellationTokenSource(TimeSpan.FromMinutes(1)))
            {
                while (producer.Produced < spec.Events * faultAt) await Task.Delay(20, deadline.Token);
            }
            await fault(cluster);
            var report = await producing.WaitAsync(TimeSpan.FromMinutes(3));
            report.Produced.Should().Be(spec.Events, "the producer must get every record acknowledged despite the fault");
        }
        await cluster.WaitForFullAssignmentAsync(TimeSpan.FromSeconds(60));
        await cluster.WaitForCaughtUpAsync(TimeSpan.FromMinutes(2));
        foreach (var silo in cluster.Silos) await cluster.StopSiloAsync(silo);
        var deadLetters = DeadLetterReader.Read(cluster.Broker.Bootstrap, "events.dlq", TimeSpan.FromSeconds(30));
        var result = await new PipelineVerifier(cluster.Stores.Events, cluster.Stores.ProductStats).VerifyAsync(spec, deadLetters, CancellationToken.None);
        return (result, cluster);
    }
}
