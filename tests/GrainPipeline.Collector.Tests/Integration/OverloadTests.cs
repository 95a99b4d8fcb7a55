using System.Collections.Concurrent;
using System.Net;
using System.Text.Json;
using GrainPipeline.Collector.Producing;
using GrainPipeline.Collector.Tests.Infrastructure;

namespace GrainPipeline.Collector.Tests.Integration;

/// <summary>
/// DESIGN invariant 1 at the front door: pushed harder than the broker accepts, the collector
/// refuses with 503 + Retry-After instead of buffering, its holdings stay within the configured
/// budget, and every event it answered 2xx for is in Kafka afterwards.
/// </summary>
public class OverloadTests(ITestOutputHelper output)
{
    private const int Workers = 32;
    private const int RequestsPerWorker = 20;
    private const int EventsPerRequest = 5;

    /// <param name="limit">The bound expected to refuse: the producer queue, or the request budget.</param>
    [Theory]
    [InlineData("producer_queue_full", 64, 20)]
    [InlineData("request_budget", 4, 100_000)]
    public async Task Under_more_load_than_the_broker_takes_it_answers_503_with_Retry_After_stays_bounded_and_loses_no_acknowledged_event(
        string limit, int maxInFlightRequests, int producerQueueMessages)
    {
        await using var collector = await TestCollector.StartAsync(o =>
        {
            o.MaxInFlightRequests = maxInFlightRequests;
            o.MaxEventBytes = 4_096;
            o.MaxRequestBytes = 32 * 1024;
            o.MaxInFlightBytes = 128 * 1024;
            o.ProducerQueueMessages = producerQueueMessages;
            o.PerShopEventsPerSecond = 0;
        });
        // A slow broker: each produce round trip takes 50 ms, far below what 32 eager clients offer.
        collector.Broker.SetBrokerRtt(1, TimeSpan.FromMilliseconds(50));
        var acknowledged = new ConcurrentBag<string>();
        var refusals = new ConcurrentBag<(HttpStatusCode Status, TimeSpan? RetryAfter, string Reason)>();

        await Task.WhenAll(Enumerable.Range(0, Workers).Select(worker => Task.Run(async () =>
        {
            for (var r = 0; r < RequestsPerWorker; r++)
            {
                var ids = Enumerable.Range(0, EventsPerRequest).Select(e => $"load-{worker}-{r}-{e}").ToArray();
                var body = PixelJson.Array(ids.Select(id => PixelJson.Event(id, clientId: $"client-{worker}")).ToArray());
                using var response = await collector.Http.SendAsync(Requests.Pixel(body));
                if (response.StatusCode == HttpStatusCode.Accepted) ids.ToList().ForEach(acknowledged.Add);
                else refusals.Add((response.StatusCode, response.Headers.RetryAfter?.Delta, await response.Content.ReadAsStringAsync()));
            }
        })));

        var budget = collector.Service<RequestBudget>();
        var reasons = refusals.Select(r => JsonDocument.Parse(r.Reason).RootElement.GetProperty("title").GetString()!).ToList();
        output.WriteLine($"2xx events {acknowledged.Count}, refusals {refusals.Count} " +
            $"({string.Join(", ", reasons.GroupBy(r => r).Select(g => $"{g.Key} {g.Count()}"))}), " +
            $"peak requests {budget.PeakRequests}, peak bytes {budget.PeakBytes}");
        refusals.Should().NotBeEmpty("the offered load is far above what the broker accepts");
        refusals.Should().OnlyContain(r => r.Status == HttpStatusCode.ServiceUnavailable && r.RetryAfter >= TimeSpan.FromSeconds(1),
            "overload is answered 503 with Retry-After, never with a hang or another error");
        reasons.Should().Contain(limit).And.OnlyContain(r => r == "request_budget" || r == "producer_queue_full");
        acknowledged.Should().NotBeEmpty();
        budget.PeakRequests.Should().BeLessThanOrEqualTo(maxInFlightRequests);
        budget.PeakBytes.Should().BeLessThanOrEqualTo(128 * 1024);
        budget.InFlightRequests.Should().Be(0, "every lease is released once its records are settled");

        using var reader = collector.Reader();
        var expected = acknowledged.ToHashSet();
        var found = new HashSet<string>();
        await reader.ReadUntilAsync(records =>
        {
            foreach (var record in records.Skip(found.Count)) found.Add(JsonDocument.Parse(record.Message.Value).RootElement.GetProperty("id").GetString()!);
            return expected.IsSubsetOf(found);
        }, $"all {expected.Count} acknowledged events");
        expected.Except(found).Should().BeEmpty("an acknowledged event is never lost");
    }
}
