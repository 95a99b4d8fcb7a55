using Confluent.Kafka;
using GrainPipeline.Kafka.Contract;
using GrainPipeline.Silo.Testing;
using GrainPipeline.Workload.Generation;
using GrainPipeline.Workload.Model;
using GrainPipeline.Workload.Producing;

namespace GrainPipeline.Integration.Tests;

/// <summary>
/// A committed offset the broker no longer holds (retention overtook the group) makes librdkafka
/// jump to the log start, skipping records unread, and librdkafka 2.0 says so only in a debug log.
/// The pump checks each partition's offsets and counts what it never saw.
/// </summary>
[Collection(SerialCollection.Name)]
public class SkippedRecordsTests
{
    [Fact]
    public async Task Records_the_broker_dropped_before_they_were_read_are_counted_as_skipped()
    {
        await using var cluster = await TestCluster.StartAsync(new TestClusterOptions { InitialSilos = 1, Partitions = 1 });
        await cluster.StopSiloAsync(cluster.Silos[0]); // the group is left empty, as after a long outage
        // ~10 MB into one partition: the embedded broker keeps about 5 MiB, so the oldest records go.
        var spec = new WorkloadSpec { Events = 8_000, Users = 500, Shops = 5, Seed = 3 };
        var report = await WorkloadProducer.RunAsync(WorkloadGenerator.Generate(spec), new ProduceOptions { Bootstrap = cluster.Broker.Bootstrap, MaxLag = 0 });
        report.Produced.Should().Be(spec.Events);
        var partition = new TopicPartition(Topics.Events, 0);
        var dropped = CommitOffsetZero(cluster.Broker.Bootstrap, partition);

        var silo = cluster.StartSilo();
        await cluster.WaitForFullAssignmentAsync(TimeSpan.FromSeconds(60));
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while (silo.Pump.Statistics.Consumed < spec.Events - dropped && DateTime.UtcNow < deadline) await Task.Delay(50);

        var stats = silo.Pump.Statistics;
        stats.SkippedRecords.Should().Be(dropped, $"every offset below the log start was skipped, and nothing else (consumed {stats.Consumed}, log start {dropped})");
        stats.Consumed.Should().Be(spec.Events - dropped);
    }

    /// <summary>The group's position at offset 0, as a group that stopped long ago would have left it.</summary>
    /// <returns>How many records the broker had already dropped (its log start).</returns>
    private static long CommitOffsetZero(string bootstrap, TopicPartition partition)
    {
        using var consumer = new ConsumerBuilder<Ignore, Ignore>(new ConsumerConfig
        {
            BootstrapServers = bootstrap,
            GroupId = Topics.ConsumerGroup,
            EnableAutoCommit = false,
            // If the embedded broker misses its leave, the group still moves on within seconds.
            SessionTimeoutMs = 6000,
            HeartbeatIntervalMs = 1000,
        }).Build();
        var logStart = consumer.QueryWatermarkOffsets(partition, TimeSpan.FromSeconds(10)).Low.Value;
        logStart.Should().BeGreaterThan(0, "the broker must have dropped the oldest records for this test to mean anything");
        // The embedded broker takes commits from group members only.
        consumer.Subscribe(partition.Topic);
        var joined = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (consumer.Assignment.Count == 0 && DateTime.UtcNow < joined) consumer.Consume(TimeSpan.FromMilliseconds(100));
        consumer.Assignment.Should().Contain(partition);
        consumer.Commit([new TopicPartitionOffset(partition, 0)]);
        consumer.Close();
        return logStart;
    }
}
