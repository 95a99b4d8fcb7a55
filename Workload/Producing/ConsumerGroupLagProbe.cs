using Confluent.Kafka;
using GrainPipeline.Kafka.Contract;
using GrainPipeline.Kafka.Native;

namespace GrainPipeline.Workload.Producing;

/// <summary>
/// Reads the backlog from the broker: per partition of the topic, the high watermark minus the consumer
/// group's committed offset. For a producer in another process than the pipeline (the produce verb).
/// One consumer handle (never subscribed, so it never joins the group) is made once and reused; the
/// broker is asked at most once per <see cref="Interval"/>, in between the last answer is returned.
/// </summary>
/// <remarks>
/// The partition list comes from an admin client borrowed on the consumer's handle for the one metadata
/// request and disposed at once: with Confluent.Kafka 1.9.3 on librdkafka 2.0.2 a dependent admin
/// client kept alive busy-polls its result queue and burns a whole core.
/// <para>
/// Committed offsets trail real progress by the pipeline's commit interval, so the backlog read here is
/// an over-estimate: the producer errs on the side of waiting. A partition the group has not committed
/// on counts from its low watermark (everything retained is unconsumed). Not thread-safe.
/// </para>
/// </remarks>
public sealed class ConsumerGroupLagProbe : IBacklogProbe, IDisposable
{
    public static readonly TimeSpan DefaultInterval = TimeSpan.FromMilliseconds(100);

    /// <summary>Bounds each broker request, so a dead broker stalls the probe for seconds, not forever.</summary>
    public static readonly TimeSpan RequestTimeout = TimeSpan.FromSeconds(5);

    private readonly IConsumer<Ignore, Ignore> _consumer;
    private readonly TimeProvider _time;
    private readonly TextWriter? _notices;
    private List<TopicPartition>? _partitions;
    private long _lastQueryAt;
    private bool _queried;
    private long _lastBacklog;
    private bool _announcedWaiting;
    private string? _lastError;

    /// <param name="notices">Where to say, once, that the group has committed nothing yet (and report query errors); null for silence.</param>
    public ConsumerGroupLagProbe(
        string bootstrap,
        string topic = Topics.Events,
        string group = Topics.ConsumerGroup,
        TextWriter? notices = null,
        TimeSpan? interval = null,
        TimeProvider? time = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(bootstrap);
        ArgumentException.ThrowIfNullOrWhiteSpace(topic);
        ArgumentException.ThrowIfNullOrWhiteSpace(group);
        KafkaNativeLibrary.EnsureLoaded();
        Topic = topic;
        Group = group;
        Interval = interval ?? DefaultInterval;
        // Log and error handlers run on librdkafka's threads, so the writer must tolerate concurrent use.
        _notices = notices is null ? null : TextWriter.Synchronized(notices);
        _time = time ?? TimeProvider.System;
        _consumer = new ConsumerBuilder<Ignore, Ignore>(new ConsumerConfig
            {
                BootstrapServers = bootstrap,
                GroupId = group,
                ClientId = "grain-pipeline-lag-probe",
                EnableAutoCommit = false,
                EnableAutoOffsetStore = false,
            })
            .SetLogHandler((_, message) => Notice($"lag probe: {message.Facility}: {message.Message}"))
            .SetErrorHandler((_, error) => Notice($"lag probe: {error.Reason}"))
            .Build();
    }

    public string Topic { get; }

    public string Group { get; }

    public TimeSpan Interval { get; }

    public long HighestPartitionBacklog()
    {
        var now = _time.GetTimestamp();
        if (_queried && _time.GetElapsedTime(_lastQueryAt, now) < Interval) return _lastBacklog;
        _queried = true;
        try
        {
            _lastBacklog = Query();
            _lastError = null;
        }
        catch (KafkaException e)
        {
            // Keep the last answer: a transient broker error should neither stop nor unleash the producer.
            if (e.Error.Reason != _lastError) Notice($"lag probe: could not read the backlog of '{Topic}': {e.Error.Reason}");
            _lastError = e.Error.Reason;
        }
        // Measured from the end of the query, so a slow broker does not turn into back-to-back queries.
        _lastQueryAt = _time.GetTimestamp();
        return _lastBacklog;
    }

    public void Dispose() => _consumer.Dispose();

    private long Query()
    {
        _partitions ??= LoadPartitions();
        if (_partitions.Count == 0)
        {
            _partitions = null; // The topic may not exist yet; look again next time.
            return 0;
        }
        var committed = _consumer.Committed(_partitions, RequestTimeout);
        var highest = 0L;
        var anyCommitted = false;
        var anyRecords = false;
        foreach (var position in committed)
        {
            var watermarks = _consumer.QueryWatermarkOffsets(position.TopicPartition, RequestTimeout);
            var consumedUpTo = watermarks.Low.Value;
            if (position.Offset != Offset.Unset)
            {
                anyCommitted = true;
                // Records the broker dropped (below the low watermark) are no longer backlog.
                consumedUpTo = Math.Max(position.Offset.Value, consumedUpTo);
            }
            anyRecords |= watermarks.High.Value > watermarks.Low.Value;
            highest = Math.Max(highest, watermarks.High.Value - consumedUpTo);
        }
        if (!anyCommitted && anyRecords && !_announcedWaiting)
        {
            _announcedWaiting = true;
            Notice($"produce: consumer group '{Group}' has committed nothing on '{Topic}' yet; counting every retained record as backlog and waiting for consumers (--max-lag 0 disables this)");
        }
        return highest;
    }

    private List<TopicPartition> LoadPartitions()
    {
        using var admin = new DependentAdminClientBuilder(_consumer.Handle).Build();
        var metadata = admin.GetMetadata(Topic, RequestTimeout);
        return metadata.Topics
            .Where(t => t.Topic == Topic && !t.Error.IsError)
            .SelectMany(t => t.Partitions)
            .Select(p => new TopicPartition(Topic, new Partition(p.PartitionId)))
            .ToList();
    }

    private void Notice(string message) => _notices?.WriteLine(message);
}
