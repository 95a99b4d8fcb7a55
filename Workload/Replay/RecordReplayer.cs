using System.Diagnostics;
using System.Globalization;
using System.Text;
using Confluent.Kafka;
using GrainPipeline.Kafka.Contract;
using GrainPipeline.Workload.Producing;

namespace GrainPipeline.Workload.Replay;

/// <summary>
/// Produces a record file as fast as the broker takes it, or at a fixed rate. At a fixed rate each
/// record's gp-received-at is its *intended* send time (start + i / rate), so latency measured from
/// it includes any delay the system under test imposed on the sender: no coordinated omission.
/// Throttles on the consumer group's lag like the generator's producer (the embedded broker keeps
/// only ~5 MiB a partition), counting the records still queued in its own client as lag too.
/// </summary>
public sealed class RecordReplayer(string bootstrap, string topic, double ratePerSecond, long maxLag, IBacklogProbe? probe)
{
    private long _sent;
    private long _produced;
    private long _failed;

    public sealed record Result(long Produced, long Failed, TimeSpan Elapsed);

    /// <summary>Records handed to the client and not yet acknowledged or failed by the broker.</summary>
    public long Queued => Math.Max(0, Interlocked.Read(ref _sent) - Interlocked.Read(ref _produced) - Interlocked.Read(ref _failed));

    public Result Run(IEnumerable<RecordedMessage> records, CancellationToken cancellation)
    {
        ArgumentNullException.ThrowIfNull(records);
        Interlocked.Exchange(ref _sent, 0);
        Interlocked.Exchange(ref _produced, 0);
        Interlocked.Exchange(ref _failed, 0);
        var config = new ProducerConfig
        {
            BootstrapServers = bootstrap,
            Acks = Acks.All,
            EnableIdempotence = true,
            LingerMs = 5,
            BatchNumMessages = 10_000,
            QueueBufferingMaxMessages = 100_000,
            QueueBufferingMaxKbytes = 64 * 1024,
            MessageMaxBytes = 4 * 1024 * 1024,
            DeliveryReportFields = "status",
        };
        using var producer = new ProducerBuilder<byte[]?, byte[]>(config).SetLogHandler((_, _) => { }).Build();
        var clock = Stopwatch.StartNew();
        var startUnixMs = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        void OnDelivered(DeliveryReport<byte[]?, byte[]> report)
        {
            if (report.Error.IsError) Interlocked.Increment(ref _failed);
            else Interlocked.Increment(ref _produced);
        }
        foreach (var record in records)
        {
            if (cancellation.IsCancellationRequested) break;
            while (maxLag > 0 && probe is not null && Backlog(probe) > maxLag && !cancellation.IsCancellationRequested)
                Thread.Sleep(5);
            long stamp;
            if (ratePerSecond > 0)
            {
                var intended = TimeSpan.FromSeconds(_sent / ratePerSecond);
                var ahead = intended - clock.Elapsed;
                if (ahead > TimeSpan.FromMilliseconds(1)) Thread.Sleep(ahead);
                stamp = startUnixMs + (long)intended.TotalMilliseconds;
            }
            else
            {
                stamp = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
            }
            var message = new Message<byte[]?, byte[]> { Key = record.Key, Value = record.Value, Headers = Headers(record, stamp) };
            while (true)
            {
                try
                {
                    producer.Produce(topic, message, OnDelivered);
                    break;
                }
                catch (ProduceException<byte[]?, byte[]> e) when (e.Error.Code == ErrorCode.Local_QueueFull)
                {
                    producer.Poll(TimeSpan.FromMilliseconds(5));
                }
            }
            Interlocked.Increment(ref _sent);
        }
        producer.Flush(TimeSpan.FromSeconds(60));
        var produced = Interlocked.Read(ref _produced);
        return new Result(produced, _sent - produced, clock.Elapsed);
    }

    /// <summary>
    /// The busiest partition's backlog on the broker plus every record still in this client: a probe
    /// answers from a cache, and in between a replay at full speed could queue tens of thousands of
    /// records, more than the embedded broker's retention, before the consumers' lag showed them.
    /// </summary>
    private long Backlog(IBacklogProbe lag)
    {
        var onBroker = lag.HighestPartitionBacklog();
        var queued = Queued;
        return onBroker > long.MaxValue - queued ? long.MaxValue : onBroker + queued;
    }

    private static Headers Headers(RecordedMessage record, long receivedAtUnixMs)
    {
        var headers = new Headers();
        foreach (var (name, value) in record.Headers)
        {
            if (name != RecordHeaders.ReceivedAt) headers.Add(name, Encoding.UTF8.GetBytes(value));
        }
        headers.Add(RecordHeaders.ReceivedAt, Encoding.ASCII.GetBytes(receivedAtUnixMs.ToString(CultureInfo.InvariantCulture)));
        return headers;
    }
}
