using System.Diagnostics;
using Confluent.Kafka;
using GrainPipeline.Ingest.Configuration;
using GrainPipeline.Kafka.Contract;
using GrainPipeline.Kafka.Security;

namespace GrainPipeline.Silo.Bench;

/// <summary>
/// B0: the bare Confluent.Kafka loop the pipeline is measured against — subscribe, consume,
/// StoreOffset by hand, auto-commit — with the pump's own consumer settings and nothing else.
/// </summary>
public static class BaselineConsumer
{
    public sealed record Result(long Consumed, double ActiveSeconds, double EventsPerSecond);

    public static Result Run(string bootstrap, string groupId, long expected, TimeSpan idleTimeout, CancellationToken cancellation)
    {
        var config = KafkaConfigs.Consumer(new IngestOptions { Bootstrap = bootstrap, GroupId = groupId }, new KafkaSecurityOptions(), "baseline");
        config.EnableAutoCommit = true;
        // Commits often so a replay throttled on this group's lag is not held back by the commit rhythm.
        config.AutoCommitIntervalMs = 200;
        using var consumer = new ConsumerBuilder<byte[]?, byte[]?>(config).SetLogHandler((_, _) => { }).Build();
        consumer.Subscribe(Topics.Events);
        long consumed = 0;
        long first = 0, last = 0;
        var quiet = Stopwatch.StartNew();
        while (consumed < expected && !cancellation.IsCancellationRequested && (consumed == 0 || quiet.Elapsed < idleTimeout))
        {
            var record = consumer.Consume(50);
            if (record is null) continue;
            if (first == 0) first = Stopwatch.GetTimestamp();
            consumer.StoreOffset(record);
            consumed++;
            last = Stopwatch.GetTimestamp();
            quiet.Restart();
        }
        consumer.Close();
        var seconds = first == 0 ? 0 : Stopwatch.GetElapsedTime(first, last).TotalSeconds;
        return new Result(consumed, seconds, seconds > 0 ? consumed / seconds : 0);
    }
}
