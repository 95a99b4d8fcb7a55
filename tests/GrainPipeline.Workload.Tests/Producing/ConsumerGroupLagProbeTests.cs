using Confluent.Kafka;
using GrainPipeline.Kafka.Contract;
using GrainPipeline.Kafka.Embedded;
using GrainPipeline.Workload.Generation;
using GrainPipeline.Workload.Model;
using GrainPipeline.Workload.Producing;

namespace GrainPipeline.Workload.Tests.Producing;

public sealed class ConsumerGroupLagProbeTests : IDisposable
{
    private const int Partitions = 4;

    private readonly EmbeddedBroker _broker = EmbeddedBroker.Start(new EmbeddedBrokerOptions { Partitions = Partitions });

    public void Dispose() => _broker.Dispose();

    [Fact]
    public async Task Reads_the_busiest_partitions_backlog_from_committed_offsets()
    {
        var notices = new StringWriter();
        using var probe = new ConsumerGroupLagProbe(_broker.Bootstrap, notices: notices, interval: TimeSpan.Zero);
        probe.HighestPartitionBacklog().Should().Be(0, "an empty topic has no backlog");

        await WorkloadProducer.RunAsync(
            WorkloadGenerator.Generate(new WorkloadSpec { Events = 400, Users = 100, Shops = 5 }),
            new ProduceOptions { Bootstrap = _broker.Bootstrap, MaxLag = 0 });
        var highWatermarks = HighWatermarks();

        probe.HighestPartitionBacklog().Should().Be(highWatermarks.Values.Max(), "nothing committed: everything retained is backlog");
        probe.HighestPartitionBacklog();
        notices.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Should().ContainSingle(line => line.Contains("waiting for consumers", StringComparison.Ordinal), "the notice is printed once");

        // The group catches up on every partition but the first, and half of that one.
        var committed = highWatermarks.Select(p => new TopicPartitionOffset(Topics.Events, p.Key, p.Key == 0 ? p.Value / 2 : p.Value)).ToList();
        Commit(committed);

        probe.HighestPartitionBacklog().Should().Be(highWatermarks[0] - highWatermarks[0] / 2);
    }

    [Fact]
    public void Caches_its_answer_for_the_interval()
    {
        using var probe = new ConsumerGroupLagProbe(_broker.Bootstrap, interval: TimeSpan.FromHours(1));
        probe.HighestPartitionBacklog().Should().Be(0);

        using (var producer = new ProducerBuilder<Null, string>(new ProducerConfig { BootstrapServers = _broker.Bootstrap }).Build())
        {
            producer.Produce(new TopicPartition(Topics.Events, 0), new Message<Null, string> { Value = "x" });
            producer.Flush(TimeSpan.FromSeconds(10)).Should().Be(0);
        }

        probe.HighestPartitionBacklog().Should().Be(0, "the broker is asked at most once per interval");
    }

    private Dictionary<int, long> HighWatermarks()
    {
        using var consumer = new ConsumerBuilder<Ignore, Ignore>(new ConsumerConfig { BootstrapServers = _broker.Bootstrap, GroupId = "watermarks" }).Build();
        return Enumerable.Range(0, Partitions).ToDictionary(
            p => p,
            p => consumer.QueryWatermarkOffsets(new TopicPartition(Topics.Events, p), TimeSpan.FromSeconds(10)).High.Value);
    }

    private void Commit(IEnumerable<TopicPartitionOffset> offsets)
    {
        using var consumer = new ConsumerBuilder<Ignore, Ignore>(new ConsumerConfig
        {
            BootstrapServers = _broker.Bootstrap,
            GroupId = Topics.ConsumerGroup,
            EnableAutoCommit = false,
        }).Build();
        consumer.Commit(offsets);
    }
}
