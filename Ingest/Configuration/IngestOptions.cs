namespace GrainPipeline.Ingest.Configuration;

/// <summary>The ingest pump's settings (section <c>Ingest</c>). Every bound has a default and a validator.</summary>
public sealed class IngestOptions
{
    public const string Section = "Ingest";
    public const int DefaultMaxInFlightMessages = 512;
    public const long DefaultMaxInFlightBytes = 32L * 1024 * 1024;

    public string Bootstrap { get; set; } = "";
    public string Topic { get; set; } = Kafka.Contract.Topics.Events;
    public string DeadLetterTopic { get; set; } = Kafka.Contract.Topics.DeadLetters;
    public string GroupId { get; set; } = Kafka.Contract.Topics.ConsumerGroup;

    /// <summary>Events dispatched but not yet fully processed (all five stages).</summary>
    public int MaxInFlightMessages { get; set; } = DefaultMaxInFlightMessages;

    /// <summary>Bytes of those events' values.</summary>
    public long MaxInFlightBytes { get; set; } = DefaultMaxInFlightBytes;

    /// <summary>Paused partitions resume once both in-flight counts fall to this share of their limits.</summary>
    public double ResumeFraction { get; set; } = 0.5;

    /// <summary>A record value larger than this is dead-lettered as oversized.</summary>
    public int MaxRecordBytes { get; set; } = 1024 * 1024;

    /// <summary>
    /// librdkafka's prefetch bound (queued.max.messages.kbytes), counted in the memory budget. With
    /// librdkafka 2.0 a full prefetch queue stalls fetching until the broker thread next wakes, so
    /// this bound also caps throughput: measured on the bare consumer, 8 MiB → 18k records/s,
    /// 16 → 34k, 32 → 96k, 64 → 168k (BENCHMARKS.md).
    /// </summary>
    public int PrefetchKiB { get; set; } = 32 * 1024;

    /// <summary>Bound of the dead-letter producer's local queue.</summary>
    public int DeadLetterQueueKiB { get; set; } = 16 * 1024;

    /// <summary>Broker wait for a fetch to fill; the 500 ms default caps throughput.</summary>
    public int FetchWaitMaxMs { get; set; } = 10;

    /// <summary>
    /// How long the budget may stay full before the partitions are paused. Shorter saturations wait
    /// with librdkafka's (bounded, budgeted) prefetch intact; a pause discards it and costs a re-fetch
    /// plus a gap with nothing to dispatch. While saturated the poll loop still calls Consume each time
    /// a slot frees, so rebalances are served; only a store that stalls outright holds them, for at
    /// most this long. With 200 ms a silo on Redis and PostgreSQL draining a backlog paused and
    /// re-fetched over and over: 2.3k events/s and 217 µs of CPU per event, against 5.7k/s and 142 µs
    /// with 5 s (BENCHMARKS.md).
    /// </summary>
    public TimeSpan PauseAfter { get; set; } = TimeSpan.FromSeconds(5);

    public TimeSpan CommitInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>How long a revoke (or shutdown) waits for the partition's in-flight events.</summary>
    public TimeSpan DrainTimeout { get; set; } = TimeSpan.FromSeconds(30);

    public int SessionTimeoutMs { get; set; } = 10_000;

    public IEnumerable<string> Validate()
    {
        if (string.IsNullOrWhiteSpace(Bootstrap)) yield return $"{Section}:Bootstrap is required (the Kafka bootstrap servers).";
        if (string.IsNullOrWhiteSpace(Topic)) yield return $"{Section}:Topic must not be empty.";
        if (string.IsNullOrWhiteSpace(DeadLetterTopic)) yield return $"{Section}:DeadLetterTopic must not be empty.";
        if (string.IsNullOrWhiteSpace(GroupId)) yield return $"{Section}:GroupId must not be empty.";
        if (MaxInFlightMessages < 1) yield return $"{Section}:MaxInFlightMessages must be at least 1 (got {MaxInFlightMessages}).";
        if (MaxInFlightBytes < 1024) yield return $"{Section}:MaxInFlightBytes must be at least 1024 (got {MaxInFlightBytes}).";
        if (ResumeFraction is <= 0 or > 1) yield return $"{Section}:ResumeFraction must be in (0, 1] (got {ResumeFraction}).";
        if (MaxRecordBytes < 1024) yield return $"{Section}:MaxRecordBytes must be at least 1024 (got {MaxRecordBytes}).";
        if (PrefetchKiB < 64) yield return $"{Section}:PrefetchKiB must be at least 64 (got {PrefetchKiB}).";
        if (DeadLetterQueueKiB < 1024) yield return $"{Section}:DeadLetterQueueKiB must be at least 1024 (got {DeadLetterQueueKiB}).";
        if (FetchWaitMaxMs is < 1 or > 500) yield return $"{Section}:FetchWaitMaxMs must be between 1 and 500 (got {FetchWaitMaxMs}).";
        if (PauseAfter < TimeSpan.Zero || PauseAfter > TimeSpan.FromSeconds(60)) yield return $"{Section}:PauseAfter must be between 0 and 60 s (got {PauseAfter}).";
        if (CommitInterval <= TimeSpan.Zero) yield return $"{Section}:CommitInterval must be positive (got {CommitInterval}).";
        if (DrainTimeout <= TimeSpan.Zero) yield return $"{Section}:DrainTimeout must be positive (got {DrainTimeout}).";
        if (SessionTimeoutMs < 1000) yield return $"{Section}:SessionTimeoutMs must be at least 1000 (got {SessionTimeoutMs}).";
    }
}
