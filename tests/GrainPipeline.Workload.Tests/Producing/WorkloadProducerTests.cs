using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using GrainPipeline.Kafka.Contract;
using GrainPipeline.Kafka.Embedded;
using GrainPipeline.Workload.Generation;
using GrainPipeline.Workload.Model;
using GrainPipeline.Workload.Producing;
using GrainPipeline.Workload.Tests.Support;

namespace GrainPipeline.Workload.Tests.Producing;

/// <summary>The producer against the in-process embedded broker, read back by an independent consumer.</summary>
public sealed class WorkloadProducerTests : IDisposable
{
    private const int Partitions = 4;
    private static readonly TimeSpan ReadTimeout = TimeSpan.FromSeconds(60);

    private readonly EmbeddedBroker _broker = EmbeddedBroker.Start(new EmbeddedBrokerOptions { Partitions = Partitions });

    public void Dispose() => _broker.Dispose();

    [Fact]
    public async Task Records_queued_in_the_client_count_against_the_max_lag()
    {
        // The broker reports no backlog at all, so only the client's own queue can hold the run back.
        var records = WorkloadGenerator.Generate(new WorkloadSpec { Events = 3_000, Users = 100, Shops = 2 }).ToList();
        WorkloadProducer? producer = null;
        long peakQueued = 0;
        var probe = new DelegateBacklogProbe(() =>
        {
            peakQueued = Math.Max(peakQueued, producer!.Produced - producer.Delivered - producer.Failed);
            return 0;
        });
        using (producer = new WorkloadProducer(new ProduceOptions { Bootstrap = _broker.Bootstrap, MaxLag = 50, BacklogProbe = probe }))
        {
            var report = await producer.RunAsync(records);
            report.Produced.Should().Be(3_000);
        }

        peakQueued.Should().BeLessThanOrEqualTo(51, "a record is taken only while fewer than max-lag records wait for the broker");
    }

    [Fact]
    public async Task Every_record_arrives_once_with_its_key_headers_and_per_user_order()
    {
        var spec = new WorkloadSpec { Events = 2_000, Users = 200, Shops = 5, Poison = 12 };
        var records = WorkloadGenerator.Generate(spec).ToList();
        var before = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();

        var report = await WorkloadProducer.RunAsync(records, new ProduceOptions { Bootstrap = _broker.Bootstrap, MaxLag = 0 });

        var after = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        report.Should().BeEquivalentTo(new { Produced = 2_000L, Valid = 1_988L, Poison = 12L, Failed = 0L, Attempted = 2_000L, Cancelled = false });
        var consumed = TopicReader.ReadAll(_broker.Bootstrap, Topics.Events, Partitions, expected: 2_000, ReadTimeout);
        consumed.Should().HaveCount(2_000);

        // Same multiset of (key, value) as generated: nothing lost, nothing duplicated, nothing altered.
        static string Fingerprint(string? key, byte[] value) => (key ?? "<null>") + "|" + Convert.ToHexString(SHA256.HashData(value));
        consumed.Select(c => Fingerprint(c.Message.Key is null ? null : Encoding.UTF8.GetString(c.Message.Key), c.Message.Value)).Order()
            .Should().Equal(records.Select(r => Fingerprint(r.Key, r.Value)).Order());
        consumed.Count(c => c.Message.Key is null).Should().Be(2, "the missing-key poison kind arrives without a key");
        consumed.Max(c => c.Message.Value.Length).Should().BeGreaterThan(1024 * 1024, "oversized poison gets through the producer");

        foreach (var message in consumed.Select(c => c.Message))
        {
            var headers = message.Headers.ToDictionary(h => h.Key, h => Encoding.UTF8.GetString(h.GetValueBytes()));
            headers.Keys.Should().BeEquivalentTo(RecordHeaders.Source, RecordHeaders.Shop, RecordHeaders.ReceivedAt);
            headers[RecordHeaders.Source].Should().Be(RecordHeaders.SourcePixel);
            headers[RecordHeaders.Shop].Should().MatchRegex(@"^shop-\d{4}\.myshopify\.com$");
            if (message.Key is not null) Encoding.UTF8.GetString(message.Key).Should().StartWith(headers[RecordHeaders.Shop] + ":");
            long.Parse(headers[RecordHeaders.ReceivedAt], NumberStyles.None, CultureInfo.InvariantCulture).Should().BeInRange(before, after);
        }

        // A user's key maps to one partition, where the idempotent producer keeps the generated order.
        var consumedByKey = consumed.Where(c => c.Message.Key is not null)
            .GroupBy(c => Encoding.UTF8.GetString(c.Message.Key!))
            .ToDictionary(g => g.Key, g => g.OrderBy(c => c.Offset.Value).Select(c => Convert.ToHexString(SHA256.HashData(c.Message.Value))).ToList());
        foreach (var user in records.Where(r => r.Key is not null).GroupBy(r => r.Key!))
            consumedByKey[user.Key].Should().Equal(user.Select(r => Convert.ToHexString(SHA256.HashData(r.Value))), "user {0} keeps its order", user.Key);
    }

    [Fact]
    public async Task Pauses_while_the_backlog_is_over_the_max_lag_and_resumes_below_it()
    {
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var paused = new TaskCompletionSource<long>(TaskCreationOptions.RunContinuationsAsynchronously);
        WorkloadProducer? producer = null;
        // The probe reports a backlog over the limit once 300 records are out, until the test releases it.
        var probe = new DelegateBacklogProbe(() =>
        {
            var produced = producer!.Produced;
            if (produced < 300 || release.Task.IsCompleted) return 0;
            if (producer.IsPausedForLag) paused.TrySetResult(produced);
            return 5_000;
        });
        producer = new WorkloadProducer(new ProduceOptions { Bootstrap = _broker.Bootstrap, MaxLag = 1_000, BacklogProbe = probe });
        using var _ = producer;

        var run = producer.RunAsync(WorkloadGenerator.Generate(new WorkloadSpec { Events = 1_000, Users = 100, Shops = 5 }));

        (await paused.Task.WaitAsync(TimeSpan.FromSeconds(30))).Should().Be(300, "the check happens before every record");
        producer.Produced.Should().Be(300, "nothing more goes out while paused");
        release.SetResult();
        var report = await run.WaitAsync(TimeSpan.FromSeconds(60));
        report.Produced.Should().Be(1_000);
        report.Failed.Should().Be(0);
        report.PausedForLag.Should().BePositive();
        producer.IsPausedForLag.Should().BeFalse();
    }

    [Fact]
    public async Task Cancelling_while_paused_flushes_and_reports_what_was_sent()
    {
        using var cancel = new CancellationTokenSource();
        WorkloadProducer? producer = null;
        var probe = new DelegateBacklogProbe(() =>
        {
            if (producer!.Produced < 100) return 0;
            if (producer.IsPausedForLag) cancel.Cancel();
            return long.MaxValue;
        });
        producer = new WorkloadProducer(new ProduceOptions { Bootstrap = _broker.Bootstrap, MaxLag = 10, BacklogProbe = probe });
        using var _ = producer;

        var report = await producer.RunAsync(WorkloadGenerator.Generate(new WorkloadSpec { Events = 1_000, Users = 100, Shops = 5 }), null, cancel.Token)
            .WaitAsync(TimeSpan.FromSeconds(60));

        report.Cancelled.Should().BeTrue();
        report.Produced.Should().Be(100, "everything handed over before the pause is flushed and acknowledged");
        report.Attempted.Should().Be(100);
        report.Failed.Should().Be(0);
    }

    [Fact]
    public async Task A_rate_limit_spaces_the_records()
    {
        var options = new ProduceOptions { Bootstrap = _broker.Bootstrap, MaxLag = 0, RatePerSecond = 1_000 };

        var report = await WorkloadProducer.RunAsync(WorkloadGenerator.Generate(new WorkloadSpec { Events = 300, Users = 50, Shops = 5 }), options);

        report.Produced.Should().Be(300);
        // 300 records at 1,000/s cannot take less than ~0.3 s (only a lower bound: the machine may be slow).
        report.Elapsed.Should().BeGreaterThan(TimeSpan.FromMilliseconds(250));
    }

    [Fact]
    public async Task A_full_local_queue_waits_instead_of_failing()
    {
        var options = new ProduceOptions { Bootstrap = _broker.Bootstrap, MaxLag = 0, QueueMaxMessages = 5 };

        var report = await WorkloadProducer.RunAsync(WorkloadGenerator.Generate(new WorkloadSpec { Events = 500, Users = 50, Shops = 5 }), options);

        report.Produced.Should().Be(500);
        report.Failed.Should().Be(0);
    }

    [Fact]
    public async Task Progress_reports_reach_the_final_count()
    {
        var reports = new List<long>();
        var progress = new SynchronousProgress(reports);

        await WorkloadProducer.RunAsync(WorkloadGenerator.Generate(new WorkloadSpec { Events = 500, Users = 50, Shops = 5 }),
            new ProduceOptions { Bootstrap = _broker.Bootstrap, MaxLag = 0 }, progress);

        reports.Should().NotBeEmpty().And.BeInAscendingOrder();
        reports[^1].Should().Be(500);
    }

    [Fact]
    public void A_producer_without_a_probe_cannot_throttle()
    {
        var create = () => new WorkloadProducer(new ProduceOptions { Bootstrap = _broker.Bootstrap, MaxLag = 100 });

        create.Should().Throw<ArgumentException>().WithMessage("*--max-lag*probe*");
    }

    private sealed class SynchronousProgress(List<long> reports) : IProgress<long>
    {
        public void Report(long value)
        {
            lock (reports) reports.Add(value);
        }
    }
}
