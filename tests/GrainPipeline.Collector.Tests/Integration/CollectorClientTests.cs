using System.Text;
using System.Text.Json;
using GrainPipeline.Collector.Client;
using GrainPipeline.Collector.Tests.Infrastructure;

namespace GrainPipeline.Collector.Tests.Integration;

/// <summary>The path the demo takes with --via-collector: generator events → HTTP → collector → Kafka.</summary>
public class CollectorClientTests
{
    [Fact]
    public async Task Batches_sent_through_the_client_all_arrive_even_when_the_collector_pushes_back()
    {
        // A rate low enough that the client must honour Retry-After at least once: the second batch
        // of 40 finds 10 tokens left, and only a first request slower than 3 s would refill the rest
        // (at 50/s a first request of 0.6 s did, on a busy machine).
        await using var collector = await TestCollector.StartAsync(o => { o.PerShopEventsPerSecond = 10; o.PerShopBurst = 50; o.MaxEventsPerRequest = 50; });
        var client = new CollectorClient(collector.Http);
        var ids = Enumerable.Range(0, 120).Select(i => PixelJson.Id("via-client", i)).ToArray();
        var batches = ids.Chunk(40).Select(chunk => chunk.Select(id => (ReadOnlyMemory<byte>)Encoding.UTF8.GetBytes(PixelJson.Event(id))).ToArray()).ToArray();

        var results = new List<SendResult>();
        foreach (var batch in batches) results.Add(await client.SendPixelBatchAsync(PixelJson.Shop, batch));

        results.Sum(r => r.Events).Should().Be(120);
        results.Sum(r => r.Refusals).Should().BeGreaterThan(0, "120 events at 10/s with a burst of 50 must be pushed back");
        using var reader = collector.Reader();
        var records = await reader.ReadCountAsync(120, "every event sent through the client");
        records.Select(r => JsonDocument.Parse(r.Message.Value).RootElement.GetProperty("id").GetString()).Should().BeEquivalentTo(ids);
    }

    [Fact]
    public async Task A_batch_the_collector_refuses_for_good_throws_with_the_reason()
    {
        await using var collector = await TestCollector.StartAsync();
        var client = new CollectorClient(collector.Http);

        var act = () => client.SendPixelBatchAsync(PixelJson.Shop, [Encoding.UTF8.GetBytes("{\"id\":\"x\"}")]);

        (await act.Should().ThrowAsync<CollectorRejectedException>()).Which.Status.Should().Be(400);
    }
}
