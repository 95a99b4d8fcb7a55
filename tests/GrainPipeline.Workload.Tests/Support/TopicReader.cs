using Confluent.Kafka;

namespace GrainPipeline.Workload.Tests.Support;

/// <summary>Reads a topic back from the beginning with a plain assigned consumer (no group join, no commits).</summary>
internal static class TopicReader
{
    public static List<ConsumeResult<byte[]?, byte[]>> ReadAll(string bootstrap, string topic, int partitions, int expected, TimeSpan timeout)
    {
        GrainPipeline.Kafka.Native.KafkaNativeLibrary.EnsureLoaded();
        using var consumer = new ConsumerBuilder<byte[]?, byte[]>(new ConsumerConfig
            {
                BootstrapServers = bootstrap,
                GroupId = "workload-tests-reader",
                EnableAutoCommit = false,
                FetchWaitMaxMs = 10,
            })
            .SetLogHandler((_, _) => { })
            .Build();
        consumer.Assign(Enumerable.Range(0, partitions).Select(p => new TopicPartitionOffset(topic, p, Offset.Beginning)));
        var records = new List<ConsumeResult<byte[]?, byte[]>>(expected);
        var deadline = DateTime.UtcNow + timeout;
        while (records.Count < expected && DateTime.UtcNow < deadline)
        {
            if (consumer.Consume(TimeSpan.FromMilliseconds(200)) is { IsPartitionEOF: false } record) records.Add(record);
        }
        consumer.Close();
        return records;
    }
}
