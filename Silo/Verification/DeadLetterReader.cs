using System.Text;
using System.Text.Json;
using Confluent.Kafka;
using GrainPipeline.Kafka.Contract;
using GrainPipeline.Kafka.Native;
using GrainPipeline.Kafka.Security;

namespace GrainPipeline.Silo.Verification;

/// <summary>Reads the whole dead-letter topic once: counts by reason, and the ids of events that were valid JSON.</summary>
public static class DeadLetterReader
{
    public static DeadLetterSnapshot Read(string bootstrap, string topic, TimeSpan timeout, KafkaSecurityOptions? security = null)
    {
        KafkaNativeLibrary.EnsureLoaded(); // Debian's librdkafka; `verify` may be the first Kafka client of its process
        var config = new ConsumerConfig
        {
            BootstrapServers = bootstrap,
            GroupId = $"grain-pipeline-verify-{Guid.NewGuid():N}",
            EnableAutoCommit = false,
            AutoOffsetReset = AutoOffsetReset.Earliest,
            FetchWaitMaxMs = 10,
        };
        security?.ApplyTo(config);
        using var consumer = KafkaSettingsRefusedException.Guard(() => new ConsumerBuilder<byte[]?, byte[]?>(config).SetLogHandler((_, _) => { }).Build());
        using var admin = new DependentAdminClientBuilder(consumer.Handle).Build();
        var metadata = admin.GetMetadata(topic, timeout).Topics.Single();
        var ends = new Dictionary<int, long>();
        long trimmed = 0;
        foreach (var partition in metadata.Partitions)
        {
            var marks = consumer.QueryWatermarkOffsets(new TopicPartition(topic, partition.PartitionId), timeout);
            trimmed += marks.Low.Value;
            if (marks.High.Value > marks.Low.Value) ends[partition.PartitionId] = marks.High.Value;
        }
        consumer.Assign(ends.Keys.Select(p => new TopicPartitionOffset(topic, p, Offset.Beginning)));

        var byReason = new Dictionary<string, long>(StringComparer.Ordinal);
        var eventIds = new HashSet<string>(StringComparer.Ordinal);
        var origins = new HashSet<string>(StringComparer.Ordinal);
        var details = new HashSet<string>(StringComparer.Ordinal);
        var deadline = DateTime.UtcNow + timeout;
        var remaining = ends.Count;
        while (remaining > 0 && DateTime.UtcNow < deadline)
        {
            var record = consumer.Consume(TimeSpan.FromMilliseconds(200));
            if (record is null) continue;
            var reason = record.Message.Headers.TryGetLastBytes(RecordHeaders.Error, out var bytes) ? Encoding.UTF8.GetString(bytes) : "(none)";
            byReason[reason] = byReason.GetValueOrDefault(reason) + 1;
            if (TryReadId(record.Message.Value) is { } id) eventIds.Add(id);
            if (record.Message.Headers.TryGetLastBytes(RecordHeaders.Origin, out var origin)) origins.Add(Encoding.UTF8.GetString(origin));
            if (details.Count < MaxSampleDetails && record.Message.Headers.TryGetLastBytes(RecordHeaders.ErrorDetail, out var detail))
                details.Add(Encoding.UTF8.GetString(detail));
            if (record.Offset.Value + 1 >= ends[record.Partition.Value]) remaining--;
        }
        if (remaining > 0) throw new TimeoutException($"Reading '{topic}' did not reach its end within {timeout}.");
        return new DeadLetterSnapshot(byReason, eventIds, trimmed) { Origins = origins, SampleDetails = [.. details] };
    }

    private const int MaxSampleDetails = 5;

    private static string? TryReadId(byte[]? value)
    {
        if (value is null) return null;
        try
        {
            using var document = JsonDocument.Parse(value);
            return document.RootElement.ValueKind == JsonValueKind.Object && document.RootElement.TryGetProperty("id", out var id)
                && id.ValueKind == JsonValueKind.String ? id.GetString() : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}

/// <param name="Trimmed">Records the broker no longer holds (its low watermarks): retention dropped them.</param>
public sealed record DeadLetterSnapshot(IReadOnlyDictionary<string, long> CountsByReason, IReadOnlySet<string> EventIds, long Trimmed)
{
    public long Total => CountsByReason.Values.Sum();

    /// <summary>
    /// The distinct <c>gp-origin</c> headers (<c>topic/partition/offset</c>): how many source records were
    /// dead-lettered. Can be below <see cref="Total"/>, since a record redelivered after a rebalance is
    /// dead-lettered again (at least once, like every other effect).
    /// </summary>
    public IReadOnlySet<string> Origins { get; init; } = new HashSet<string>();

    /// <summary>Up to five distinct <c>gp-error-detail</c> headers: what went wrong, for a failure message.</summary>
    public IReadOnlyList<string> SampleDetails { get; init; } = [];
}
