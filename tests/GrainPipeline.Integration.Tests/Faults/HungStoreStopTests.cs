using System.Diagnostics;
using GrainPipeline.Silo.Hosting;
using GrainPipeline.Silo.Testing;
using GrainPipeline.Workload.Generation;
using GrainPipeline.Workload.Model;
using GrainPipeline.Workload.Producing;

namespace GrainPipeline.Integration.Tests.Faults;

/// <summary>
/// A stop while Redis hangs (the process stopped with SIGSTOP: connections stay open, nothing
/// answers). Every visitor grain's state write then waits out a store timeout; a stop must not
/// take that once per <c>Runtime:MaxConcurrentDeactivations</c> grains (FAULTS.md).
/// </summary>
[Collection(SerialCollection.Name)]
public sealed class HungStoreStopTests
{
    [Fact]
    public async Task A_stop_while_redis_hangs_is_bounded_by_the_bulk_deactivation_timeout_not_by_the_number_of_grains()
    {
        var options = new TestClusterOptions { InitialSilos = 1, Partitions = 12, Stores = StoreKind.RedisPostgres };
        options.Configuration["Runtime:IdleTimeout"] = "00:10:00";
        options.Configuration["Runtime:BulkDeactivationTimeout"] = "00:00:03";
        options.Configuration["Flusher:HandOverTimeout"] = "00:00:02";
        await using var cluster = await TestCluster.StartAsync(options);
        var spec = new WorkloadSpec { Events = 20_000, Users = 10_000, Shops = 10, Seed = 5 };
        WorkloadProducer? producer = null;
        var produce = new ProduceOptions
        {
            Bootstrap = cluster.Broker.Bootstrap,
            RatePerSecond = 5_000,
            // Throttled on the group's backlog per partition, so the broker's retention drops nothing.
            BacklogProbe = new DelegateBacklogProbe(() => Math.Max(0, (producer?.Produced ?? 0) - cluster.Completed) / 12),
        };
        using (producer = new WorkloadProducer(produce)) await producer.RunAsync(WorkloadGenerator.Generate(spec));
        await cluster.WaitForCaughtUpAsync(TimeSpan.FromMinutes(2));
        var silo = cluster.Silos[0];
        var grains = silo.Runtime.Statistics.Activations;
        grains.Should().BeGreaterThan(1_000, "enough grains that waves of 64 writes would take minutes");

        cluster.Servers!.Redis.Pause();
        var stopping = Stopwatch.StartNew();
        try
        {
            await cluster.StopSiloAsync(silo).WaitAsync(TimeSpan.FromMinutes(5));
        }
        finally
        {
            cluster.Servers.Redis.Resume();
        }

        // 3 s of state writes and 2 s of final flushes, plus the waits that end on the Redis client's
        // own timeouts. Before the bulk bound this same stop took 32 s (and 48 s for 3.9k grains).
        stopping.Elapsed.Should().BeLessThan(TimeSpan.FromSeconds(15), $"{grains} grains wrote state while Redis hung");
        silo.Runtime.Instruments.DeactivationFailures.Should().BeGreaterThan(0, "the writes did hang and were given up");
    }
}
