using Confluent.Kafka;
using GrainPipeline.Collector.Client;
using GrainPipeline.Collector.Hosting;
using GrainPipeline.Collector.Options;
using GrainPipeline.Kafka.Contract;
using GrainPipeline.Silo.Hosting;
using GrainPipeline.Workload.Generation;
using GrainPipeline.Workload.Producing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Console;

namespace GrainPipeline.Silo.Demo;

/// <summary>
/// <c>demo --via-collector</c>: the generator's events go over HTTP into a collector started in this
/// process, instead of straight into Kafka, so the demo exercises the front door end to end.
/// </summary>
internal static class CollectorRoute
{
    public static async Task<ProduceReport> RunAsync(
        string bootstrap, PipelineSilo silo, DemoSettings settings, TextWriter output,
        Func<PipelineSilo, long, CancellationToken, Task> waitForCompletion, CancellationToken cancellation)
    {
        var options = new CollectorOptions
        {
            BootstrapServers = bootstrap,
            Port = 0,
            // The demo measures the pipeline, not the per-shop limit; a Zipf-heavy shop would only be slowed.
            PerShopEventsPerSecond = 0,
        };
        await using var collector = await CollectorHost.BuildAsync(options, builder =>
        {
            builder.Logging.SetMinimumLevel(LogLevel.Warning);
            builder.Services.Configure<ConsoleLoggerOptions>(console => console.LogToStandardErrorThreshold = LogLevel.Trace);
        }, cancellation);
        var address = CollectorHost.GetBaseAddress(collector);
        output.WriteLine($"collector: {address} (events travel over HTTP, {CollectorSender.DefaultLanes} ordered lanes of {CollectorSender.DefaultBatchSize}-event batches)");

        using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = CollectorSender.DefaultLanes }) { BaseAddress = address };
        CollectorSender? sender = null;
        var backlog = new DelegateBacklogProbe(() =>
            2 * Math.Max(0, (sender?.Produced ?? 0) - silo.Pump.Statistics.Completed) / settings.Partitions);
        sender = new CollectorSender(new CollectorClient(http), backlog, ProduceOptions.DefaultMaxLag);

        ProduceReport report;
        using (var progress = new ProgressPrinter(output, silo, () => sender.Produced, settings.Workload.Events))
        {
            report = await sender.RunAsync(WorkloadGenerator.Generate(settings.Workload), cancellation);
            // A 503 after part of a batch was stored means that part is in Kafka twice (ids deduplicate):
            // wait for what the topic holds, not for what was acknowledged.
            await waitForCompletion(silo, Math.Max(report.Produced, RecordsInTopic(bootstrap, settings.Partitions)), cancellation);
            progress.PrintNow();
        }

        output.WriteLine($"collector: {report.Produced:N0} events acknowledged over HTTP, {sender.Refusals:N0} answers of 503/429 waited out and retried");
        await collector.StopAsync(CancellationToken.None);
        return report;
    }

    private static long RecordsInTopic(string bootstrap, int partitions)
    {
        using var consumer = new ConsumerBuilder<Ignore, Ignore>(new ConsumerConfig { BootstrapServers = bootstrap, GroupId = "demo-watermarks" }).Build();
        return Enumerable.Range(0, partitions)
            .Select(p => consumer.QueryWatermarkOffsets(new TopicPartition(Topics.Events, p), TimeSpan.FromSeconds(10)))
            .Sum(w => w.High.Value - w.Low.Value);
    }
}
