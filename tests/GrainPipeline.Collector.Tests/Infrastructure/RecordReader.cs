using System.Text;
using Confluent.Kafka;
using GrainPipeline.Kafka.Native;

namespace GrainPipeline.Collector.Tests.Infrastructure;

/// <summary>
/// Reads the topic back with a real Confluent consumer: partitions assigned directly (no group,
/// so no ~3 s join), every partition from the beginning, until a condition holds or time runs out.
/// </summary>
public sealed class RecordReader : IDisposable
{
    private readonly IConsumer<byte[], byte[]> _consumer;
    private readonly List<ConsumeResult<byte[], byte[]>> _records = [];

    public RecordReader(string bootstrap, string topic, int partitions = 4)
    {
        KafkaNativeLibrary.EnsureLoaded();
        _consumer = new ConsumerBuilder<byte[], byte[]>(new ConsumerConfig
        {
            BootstrapServers = bootstrap,
            GroupId = "collector-tests",
            EnableAutoCommit = false,
            FetchWaitMaxMs = 10,
        }).Build();
        _consumer.Assign(Enumerable.Range(0, partitions).Select(p => new TopicPartitionOffset(topic, p, Offset.Beginning)));
    }

    public IReadOnlyList<ConsumeResult<byte[], byte[]>> Records => _records;

    /// <summary>Consumes until <paramref name="done"/> holds for everything read so far; fails with <paramref name="what"/> on timeout.</summary>
    public async Task<IReadOnlyList<ConsumeResult<byte[], byte[]>>> ReadUntilAsync(Func<IReadOnlyList<ConsumeResult<byte[], byte[]>>, bool> done, string what, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(20));
        await Task.Run(() =>
        {
            while (!done(_records))
            {
                if (DateTime.UtcNow > deadline)
                    throw new TimeoutException($"Timed out reading the topic: {what}; read {_records.Count} record(s).");
                if (_consumer.Consume(TimeSpan.FromMilliseconds(100)) is { IsPartitionEOF: false } result) _records.Add(result);
            }
        });
        return _records;
    }

    public Task<IReadOnlyList<ConsumeResult<byte[], byte[]>>> ReadCountAsync(int count, string what) =>
        ReadUntilAsync(r => r.Count >= count, what);

    public static string Key(ConsumeResult<byte[], byte[]> record) => Encoding.UTF8.GetString(record.Message.Key);

    public static string Value(ConsumeResult<byte[], byte[]> record) => Encoding.UTF8.GetString(record.Message.Value);

    public static string? Header(ConsumeResult<byte[], byte[]> record, string name) =>
        record.Message.Headers.TryGetLastBytes(name, out var bytes) ? Encoding.UTF8.GetString(bytes) : null;

    public void Dispose()
    {
        _consumer.Close();
        _consumer.Dispose();
    }
}
