using System.Runtime.InteropServices;
using GrainPipeline.Kafka.Contract;
using GrainPipeline.Kafka.Native;

namespace GrainPipeline.Kafka.Embedded;

/// <summary>
/// A Kafka-protocol broker inside this process: librdkafka's mock cluster. It listens on random
/// loopback ports, so other processes (kcat, other silos) can use <see cref="Bootstrap"/> too.
/// Quirk to respect: it keeps only ~5 MiB (and ~100k records) per partition and silently drops the
/// oldest beyond that, so writers must throttle on consumer lag.
/// </summary>
public sealed class EmbeddedBroker : IDisposable
{
    private readonly IntPtr _handle;
    private IntPtr _cluster;

    private EmbeddedBroker(IntPtr handle, IntPtr cluster, int brokers)
    {
        _handle = handle;
        _cluster = cluster;
        Brokers = brokers;
        Bootstrap = Marshal.PtrToStringUTF8(LibrdkafkaMock.rd_kafka_mock_cluster_bootstraps(cluster)) ?? "";
    }

    /// <summary>Comma-separated host:port list for <c>bootstrap.servers</c>.</summary>
    public string Bootstrap { get; }

    public int Brokers { get; }

    /// <summary>Starts a mock cluster and creates the pipeline's topics on it.</summary>
    public static EmbeddedBroker Start(EmbeddedBrokerOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        KafkaNativeLibrary.EnsureLoaded();

        var errors = Marshal.AllocHGlobal(512);
        try
        {
            var conf = LibrdkafkaMock.rd_kafka_conf_new();
            // The handle only hosts the cluster; it never connects, so its "no bootstrap.servers" notice is noise.
            LibrdkafkaMock.rd_kafka_conf_set(conf, "log_level", "3", errors, 512);
            var handle = LibrdkafkaMock.rd_kafka_new(LibrdkafkaMock.ProducerType, conf, errors, 512);
            if (handle == IntPtr.Zero)
                throw new InvalidOperationException($"rd_kafka_new failed: {Marshal.PtrToStringUTF8(errors)}");
            var cluster = LibrdkafkaMock.rd_kafka_mock_cluster_new(handle, options.Brokers);
            if (cluster == IntPtr.Zero)
            {
                LibrdkafkaMock.rd_kafka_destroy(handle);
                throw new InvalidOperationException("rd_kafka_mock_cluster_new failed");
            }
            var broker = new EmbeddedBroker(handle, cluster, options.Brokers);
            broker.CreateTopic(options.Topic, options.Partitions);
            broker.CreateTopic(options.DeadLetterTopic, options.Partitions);
            return broker;
        }
        finally
        {
            Marshal.FreeHGlobal(errors);
        }
    }

    public void CreateTopic(string topic, int partitions)
    {
        var replication = Math.Min(Brokers, 3);
        var err = LibrdkafkaMock.rd_kafka_mock_topic_create(Cluster, topic, partitions, replication);
        if (err != 0) throw new InvalidOperationException($"Creating topic '{topic}' failed with librdkafka error {err}");
    }

    /// <summary>Takes one broker (1-based id) down, as if its process stopped.</summary>
    public void SetBrokerDown(int brokerId) => Check(LibrdkafkaMock.rd_kafka_mock_broker_set_down(Cluster, brokerId), "broker down");

    public void SetBrokerUp(int brokerId) => Check(LibrdkafkaMock.rd_kafka_mock_broker_set_up(Cluster, brokerId), "broker up");

    /// <summary>Adds round-trip latency to every response of one broker.</summary>
    public void SetBrokerRtt(int brokerId, TimeSpan rtt) =>
        Check(LibrdkafkaMock.rd_kafka_mock_broker_set_rtt(Cluster, brokerId, (int)rtt.TotalMilliseconds), "broker rtt");

    /// <summary>Makes the next requests of one Kafka API (e.g. 1 = Fetch, 8 = OffsetCommit, 12 = Heartbeat) fail.</summary>
    public void PushRequestErrors(short apiKey, params int[] errorCodes)
    {
        ArgumentNullException.ThrowIfNull(errorCodes);
        LibrdkafkaMock.rd_kafka_mock_push_request_errors_array(Cluster, apiKey, (UIntPtr)errorCodes.Length, errorCodes);
    }

    public void Dispose()
    {
        if (_cluster == IntPtr.Zero) return;
        LibrdkafkaMock.rd_kafka_mock_cluster_destroy(_cluster);
        LibrdkafkaMock.rd_kafka_destroy(_handle);
        _cluster = IntPtr.Zero;
    }

    private IntPtr Cluster => _cluster != IntPtr.Zero ? _cluster : throw new ObjectDisposedException(nameof(EmbeddedBroker));

    private static void Check(int err, string what)
    {
        if (err != 0) throw new InvalidOperationException($"Embedded broker: {what} failed with librdkafka error {err}");
    }
}
