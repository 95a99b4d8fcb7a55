using System.Globalization;
using GrainPipeline.Kafka.Contract;

namespace GrainPipeline.Workload.Producing;

/// <summary>Settings of a <see cref="WorkloadProducer"/>; every bound has a named default.</summary>
public sealed record ProduceOptions
{
    /// <summary>
    /// Records per partition that may wait for consumers. At ~1.2 KB per event that is ~2.4 MB, half of
    /// the embedded broker's ~5 MiB per-partition retention, leaving room for the probe's lag.
    /// </summary>
    public const long DefaultMaxLag = 2000;

    /// <summary>librdkafka's local queue bound (queue.buffering.max.messages): memory stays flat when the broker is slow.</summary>
    public const int DefaultQueueMaxMessages = 10_000;

    /// <summary>queue.buffering.max.kbytes: 16 MiB, room for an oversized poison record and plenty of ordinary ones.</summary>
    public const int DefaultQueueMaxKbytes = 16 * 1024;

    /// <summary>linger.ms: a few milliseconds of batching gives most of the throughput without visible delay.</summary>
    public const int DefaultLingerMs = 5;

    /// <summary>message.max.bytes: above the 1 MiB librdkafka default, so the oversized poison kind reaches the topic.</summary>
    public const int DefaultMessageMaxBytes = 4 * 1024 * 1024;

    public static readonly TimeSpan DefaultFlushTimeout = TimeSpan.FromSeconds(30);

    public required string Bootstrap { get; init; }

    public string Topic { get; init; } = Topics.Events;

    /// <summary>Records per second; 0 sends as fast as the broker and <see cref="MaxLag"/> allow.</summary>
    public double RatePerSecond { get; init; }

    /// <summary>Pause while the busiest partition's backlog exceeds this; 0 disables throttling.</summary>
    public long MaxLag { get; init; } = DefaultMaxLag;

    /// <summary>Where the backlog is read; required when <see cref="MaxLag"/> is above 0.</summary>
    public IBacklogProbe? BacklogProbe { get; init; }

    public int QueueMaxMessages { get; init; } = DefaultQueueMaxMessages;

    public int QueueMaxKbytes { get; init; } = DefaultQueueMaxKbytes;

    public int LingerMs { get; init; } = DefaultLingerMs;

    public int MessageMaxBytes { get; init; } = DefaultMessageMaxBytes;

    /// <summary>How long the final flush may wait for acknowledgements; what is still unacknowledged then counts as failed.</summary>
    public TimeSpan FlushTimeout { get; init; } = DefaultFlushTimeout;

    /// <summary>Where client warnings and errors go (thread-safe writer); null for silence.</summary>
    public TextWriter? Diagnostics { get; init; }

    /// <summary>Every problem, each naming the flag or client setting it comes from.</summary>
    public IReadOnlyList<string> Problems()
    {
        var problems = new List<string>();
        if (BootstrapProblem(Bootstrap) is { } bootstrap) problems.Add(bootstrap);
        if (TopicProblem(Topic) is { } topic) problems.Add(topic);
        if (!double.IsFinite(RatePerSecond) || RatePerSecond < 0)
            problems.Add(Invariant($"--rate must be a number of records per second, 0 or more (got {RatePerSecond})"));
        if (MaxLag < 0)
            problems.Add(Invariant($"--max-lag must be 0 (no throttling) or more (got {MaxLag})"));
        else if (MaxLag > 0 && BacklogProbe is null)
            problems.Add("--max-lag above 0 needs a backlog probe to read the consumers' lag");
        if (QueueMaxMessages is < 1 or > 10_000_000)
            problems.Add(Invariant($"queue.buffering.max.messages must be between 1 and 10000000 (got {QueueMaxMessages})"));
        if (QueueMaxKbytes < 1)
            problems.Add(Invariant($"queue.buffering.max.kbytes must be at least 1 (got {QueueMaxKbytes})"));
        if (LingerMs is < 0 or > 900_000)
            problems.Add(Invariant($"linger.ms must be between 0 and 900000 (got {LingerMs})"));
        if (MessageMaxBytes is < 1000 or > 1_000_000_000)
            problems.Add(Invariant($"message.max.bytes must be between 1000 and 1000000000 (got {MessageMaxBytes})"));
        if (FlushTimeout <= TimeSpan.Zero)
            problems.Add("the flush timeout must be positive");
        return problems;
    }

    public void Validate()
    {
        var problems = Problems();
        if (problems.Count > 0) throw new ArgumentException("Invalid produce options: " + string.Join("; ", problems));
    }

    /// <summary>A comma-separated list of host:port pairs, as <c>bootstrap.servers</c> takes it.</summary>
    public static string? BootstrapProblem(string? bootstrap)
    {
        if (string.IsNullOrWhiteSpace(bootstrap))
            return "--bootstrap must name at least one broker as host:port";
        foreach (var entry in bootstrap.Split(',', StringSplitOptions.TrimEntries))
        {
            var colon = entry.LastIndexOf(':');
            if (colon <= 0 || !int.TryParse(entry.AsSpan(colon + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var port) || port is < 1 or > 65535)
                return $"--bootstrap must be a comma-separated list of host:port (got '{entry}' in '{bootstrap}')";
        }
        return null;
    }

    /// <summary>Kafka's topic name rules: 1–249 characters of letters, digits, '.', '_' and '-'.</summary>
    public static string? TopicProblem(string? topic)
    {
        if (string.IsNullOrEmpty(topic) || topic.Length > 249 || topic is "." or ".." ||
            !topic.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or '-'))
            return $"--topic must be 1-249 characters of letters, digits, '.', '_' or '-' (got '{topic}')";
        return null;
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
