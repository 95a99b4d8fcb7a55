using System.Globalization;
using GrainPipeline.Grains.Flushing;
using GrainPipeline.Runtime;
using GrainPipeline.Runtime.Storage;
using GrainPipeline.Silo.Testing;
using GrainPipeline.Workload.Generation;
using GrainPipeline.Workload.Model;
using GrainPipeline.Workload.Producing;

namespace GrainPipeline.Integration.Tests;

/// <summary>
/// A hand-over whose visitors' state writes fail (a grain storage that rejects every write) still
/// hands its flushers over: the partitions' last flush runs and their flushers leave this silo.
/// </summary>
[Collection(SerialCollection.Name)]
public sealed class FailedStateWriteHandOverTests
{
    [Fact]
    public async Task The_flushers_of_given_up_partitions_are_handed_over_even_when_every_state_write_fails()
    {
        var options = new TestClusterOptions
        {
            InitialSilos = 1,
            Partitions = 12,
            WrapStores = stores => stores with { GrainStorage = new RejectedWrites(stores.GrainStorage) },
        };
        options.Configuration["Runtime:IdleTimeout"] = "00:10:00";
        await using var cluster = await TestCluster.StartAsync(options);
        var spec = new WorkloadSpec { Events = 2_000, Users = 500, Shops = 5, Seed = 8 };
        using (var producer = new WorkloadProducer(new ProduceOptions
               {
                   Bootstrap = cluster.Broker.Bootstrap,
                   RatePerSecond = 4_000,
                   BacklogProbe = new DelegateBacklogProbe(() => 0),
               }))
        {
            await producer.RunAsync(WorkloadGenerator.Generate(spec));
        }
        await cluster.WaitForCaughtUpAsync(TimeSpan.FromMinutes(1));
        var first = cluster.Silos[0];
        FlushersOf(first).Should().HaveCount(12, "the only silo owns every partition");

        var second = cluster.StartSilo();
        var until = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while (second.OwnedPartitions.Count == 0 && DateTime.UtcNow < until) await Task.Delay(100);
        second.OwnedPartitions.Should().NotBeEmpty("the joining silo takes half the partitions");
        await cluster.WaitForFullAssignmentAsync(TimeSpan.FromSeconds(60));

        first.Runtime.Instruments.DeactivationFailures.Should().BeGreaterThan(0, "the visitors' state writes were rejected");
        // A handed-over flusher deactivates once its turn ends: give that a moment rather than race it.
        until = DateTime.UtcNow + TimeSpan.FromSeconds(10);
        while (FlushersOf(first).Count > first.OwnedPartitions.Count && DateTime.UtcNow < until) await Task.Delay(100);
        FlushersOf(first).Should().BeEquivalentTo(first.OwnedPartitions,
            "a given-up partition's flusher is deactivated after its last flush; before, a failed state write skipped that");
    }

    private static List<int> FlushersOf(Silo.Hosting.PipelineSilo silo) =>
        silo.Runtime.ActiveGrains()
            .Where(id => id.Type == ProductStatsFlusherGrain.TypeName)
            .Select(id => int.Parse(id.Key, CultureInfo.InvariantCulture))
            .ToList();

    /// <summary>Reads pass through; every write and clear is refused, as a store rejecting them would.</summary>
    private sealed class RejectedWrites(IGrainStorage inner) : IGrainStorage
    {
        public Task<StoredGrainState?> ReadAsync(string stateName, GrainId grainId, CancellationToken cancellation) =>
            inner.ReadAsync(stateName, grainId, cancellation);

        public Task<string> WriteAsync(string stateName, GrainId grainId, ReadOnlyMemory<byte> data, string? expectedEtag, CancellationToken cancellation) =>
            Task.FromException<string>(new InvalidOperationException("write rejected"));

        public Task ClearAsync(string stateName, GrainId grainId, string? expectedEtag, CancellationToken cancellation) =>
            Task.FromException(new InvalidOperationException("clear rejected"));
    }
}
