using GrainPipeline.Silo.Hosting;
using GrainPipeline.Silo.Testing;
using GrainPipeline.Silo.Verification;
using GrainPipeline.Workload.Generation;
using GrainPipeline.Workload.Model;
using GrainPipeline.Workload.Producing;

namespace GrainPipeline.Integration.Tests.Faults;

/// <summary>What a fault sees while it runs: the cluster, and the producer's progress.</summary>
internal sealed class FaultContext(TestCluster cluster, WorkloadProducer producer, Task producing)
{
    public TestCluster Cluster { get; } = cluster;

    public long Produced => producer.Produced;

    /// <summary>Completes when every record of the workload is produced and acknowledged.</summary>
    public Task Producing { get; } = producing;

    public async Task WhenProducedAsync(long count, TimeSpan timeout)
    {
        using var deadline = new CancellationTokenSource(timeout);
        while (producer.Produced < count && !Producing.IsCompleted) await Task.Delay(20, deadline.Token);
    }
}

/// <summary>A finished fault run: the cluster (every silo stopped, stores still open) and what the verifier found.</summary>
internal sealed record FaultRun(TestCluster Cluster, WorkloadSpec Spec, VerificationResult Result, DeadLetterSnapshot DeadLetters) : IAsyncDisposable
{
    public ValueTask DisposeAsync() => Cluster.DisposeAsync();

    /// <summary>lost = 0, orderViolations = 0, statsMismatches = 0, every valid event stored once.</summary>
    public void ShouldBeExact()
    {
        var deadLetters = string.Join(", ", DeadLetters.CountsByReason.Select(r => $"{r.Key}={r.Value}"));
        var why = $"{string.Join("; ", Result.Samples)} [cells over-counted: {Result.StatsOverCounted}; dead letters: {(deadLetters.Length > 0 ? deadLetters : "none")}; details: {string.Join(" | ", DeadLetters.SampleDetails)}]";
        Result.Lost.Should().Be(0, why);
        Result.OrderViolations.Should().Be(0, why);
        Result.StatsMismatches.Should().Be(0, why);
        Result.StatCellsChecked.Should().BeGreaterThan(0, "a run without product stats proves nothing about them");
        Result.Stored.Should().Be(Spec.ValidEvents, "every valid event is in the event store");
        DeadLetters.Trimmed.Should().Be(0, "the broker must not have dropped dead letters");
    }

    /// <summary>
    /// Memory stayed bounded: no silo ever held more records or bytes in flight than its budget, nor more
    /// activations than its cap — whatever the fault did to the stores or the group.
    /// </summary>
    public void ShouldHaveStayedWithinBudgets()
    {
        foreach (var silo in Cluster.AllSilos)
        {
            var name = silo.Options.MemberName;
            silo.Pump.Budget.PeakMessages.Should().BeLessOrEqualTo(silo.Options.Ingest.MaxInFlightMessages, $"{name}'s in-flight messages");
            silo.Pump.Budget.PeakBytes.Should().BeLessOrEqualTo(silo.Options.Ingest.MaxInFlightBytes, $"{name}'s in-flight bytes");
            silo.Runtime.Statistics.PeakActivations.Should().BeLessOrEqualTo(silo.Options.Runtime.MaxActivations, $"{name}'s activations");
        }
    }
}

/// <summary>
/// One fault-suite run: a workload produced into a TestCluster at a steady rate (throttled on the
/// group's backlog, so the embedded broker's retention never drops records), a fault injected when a
/// given share has been produced, then — once the group has committed everything — a graceful stop
/// of every silo and the verifier. Short by default so the suite fits CI; <see cref="Soak"/> scales it.
/// </summary>
internal static class FaultScenario
{
    /// <summary>For scenarios whose fault is the workload itself (a hot key, poison) or comes after the run.</summary>
    public static Task NoFault(TestCluster cluster) => Task.CompletedTask;

    public static Task<FaultRun> RunAsync(
        WorkloadSpec spec,
        Func<TestCluster, Task> fault,
        TestClusterOptions? options = null,
        double faultAt = 0.4,
        double rate = 4_000,
        Func<TestCluster, Task>? afterCaughtUp = null) =>
        RunAsync(spec, context => fault(context.Cluster), options, faultAt, rate, afterCaughtUp);

    public static async Task<FaultRun> RunAsync(
        WorkloadSpec spec,
        Func<FaultContext, Task> fault,
        TestClusterOptions? options,
        double faultAt,
        double rate,
        Func<TestCluster, Task>? afterCaughtUp)
    {
        options ??= new TestClusterOptions { InitialSilos = 2, Partitions = 12 };
        var cluster = await TestCluster.StartAsync(options);
        try
        {
            WorkloadProducer? producer = null;
            var produce = new ProduceOptions
            {
                Bootstrap = cluster.Broker.Bootstrap,
                RatePerSecond = rate,
                BacklogProbe = new DelegateBacklogProbe(() => 2 * Math.Max(0, (producer?.Produced ?? 0) - cluster.Completed) / options.Partitions),
            };
            using (producer = new WorkloadProducer(produce))
            {
                var producing = producer.RunAsync(WorkloadGenerator.Generate(spec));
                var context = new FaultContext(cluster, producer, producing);
                await context.WhenProducedAsync((long)(spec.Events * faultAt), Soak.Scaled(TimeSpan.FromMinutes(1)));
                await fault(context);
                var report = await producing.WaitAsync(Soak.Scaled(TimeSpan.FromMinutes(3)));
                report.Produced.Should().Be(spec.Events, "the producer must get every record acknowledged despite the fault");
            }
            await cluster.WaitForFullAssignmentAsync(TimeSpan.FromSeconds(60));
            await cluster.WaitForCaughtUpAsync(Soak.Scaled(TimeSpan.FromMinutes(2)));
            if (afterCaughtUp is not null) await afterCaughtUp(cluster);
            foreach (var silo in cluster.Silos) await cluster.StopSiloAsync(silo);
            var deadLetters = DeadLetterReader.Read(cluster.Broker.Bootstrap, "events.dlq", TimeSpan.FromSeconds(30));
            var result = await new PipelineVerifier(cluster.Stores.Events, cluster.Stores.ProductStats).VerifyAsync(spec, deadLetters, CancellationToken.None);
            return new FaultRun(cluster, spec, result, deadLetters);
        }
        catch
        {
            await cluster.DisposeAsync();
            throw;
        }
    }

    /// <summary>Options for a cluster on private Redis and PostgreSQL servers.</summary>
    public static TestClusterOptions OnRedisAndPostgres(int silos = 2) =>
        new() { InitialSilos = silos, Partitions = 12, Stores = StoreKind.RedisPostgres };
}

/// <summary>
/// The fault suite's two lengths. By default each scenario is short enough for <c>./pipeline test</c>;
/// with <c>GP_FAULT_SOAK=1</c> in the environment the same scenarios run with the issue's 30 s outages,
/// ten times the events and proportionally longer waits.
/// </summary>
internal static class Soak
{
    public static bool Enabled { get; } = Environment.GetEnvironmentVariable("GP_FAULT_SOAK") is "1" or "true";

    /// <summary>How long a store or broker stays down: a few seconds in CI, 30 s in a soak.</summary>
    public static TimeSpan Outage(TimeSpan ci) => Enabled ? TimeSpan.FromSeconds(30) : ci;

    public static int Events(int ci) => Enabled ? ci * 10 : ci;

    public static int Users(int ci) => Enabled ? ci * 5 : ci;

    public static TimeSpan Scaled(TimeSpan ci) => Enabled ? ci * 5 : ci;
}
