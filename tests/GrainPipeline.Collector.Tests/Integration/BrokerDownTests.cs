using System.Diagnostics;
using System.Net;
using GrainPipeline.Collector.Tests.Infrastructure;

namespace GrainPipeline.Collector.Tests.Integration;

public class BrokerDownTests(ITestOutputHelper output)
{
    private const int DeliveryTimeoutMs = 2_000;

    [Fact]
    public async Task With_every_broker_down_requests_get_503_within_the_delivery_timeout_and_recover_afterwards()
    {
        await using var collector = await TestCollector.StartAsync(o => o.DeliveryTimeoutMs = DeliveryTimeoutMs, brokers: 3);
        using (var warm = await collector.Http.SendAsync(Requests.Pixel(PixelJson.Event("before-outage"))))
            warm.StatusCode.Should().Be(HttpStatusCode.Accepted);

        for (var id = 1; id <= collector.Broker.Brokers; id++) collector.Broker.SetBrokerDown(id);
        var clock = Stopwatch.StartNew();
        using var during = await collector.Http.SendAsync(Requests.Pixel(PixelJson.Event("during-outage")));
        var firstAnswer = clock.Elapsed;
        output.WriteLine($"first answer during the outage after {firstAnswer.TotalMilliseconds:F0} ms");

        during.StatusCode.Should().Be(HttpStatusCode.ServiceUnavailable);
        during.Headers.RetryAfter!.Delta.Should().BeGreaterThanOrEqualTo(TimeSpan.FromSeconds(1));
        firstAnswer.Should().BeLessThan(TimeSpan.FromMilliseconds(DeliveryTimeoutMs + 3_000), "a dead broker is a quick 503, not a hang");
        await Eventually.StatusAsync(collector.Http, "readyz", HttpStatusCode.ServiceUnavailable, "readyz to notice the outage");

        // Once the outage is known, a request is refused without waiting for a delivery timeout.
        clock.Restart();
        using (var known = await collector.Http.SendAsync(Requests.Pixel(PixelJson.Event("known-outage"))))
            known.StatusCode.Should().Be(HttpStatusCode.ServiceUnavailable);
        output.WriteLine($"answer once the outage is known after {clock.Elapsed.TotalMilliseconds:F0} ms");
        clock.Elapsed.Should().BeLessThan(TimeSpan.FromMilliseconds(DeliveryTimeoutMs));

        for (var id = 1; id <= collector.Broker.Brokers; id++) collector.Broker.SetBrokerUp(id);
        await Eventually.StatusAsync(collector.Http, "readyz", HttpStatusCode.OK, "readyz after the brokers came back");
        using (var after = await collector.Http.SendAsync(Requests.Pixel(PixelJson.Event("after-outage"))))
            after.StatusCode.Should().Be(HttpStatusCode.Accepted);

        using var reader = collector.Reader();
        var records = await reader.ReadUntilAsync(r => r.Any(x => RecordReader.Value(x).Contains("after-outage", StringComparison.Ordinal)), "the event sent after recovery");
        records.Select(RecordReader.Value).Should().Contain(v => v.Contains("before-outage", StringComparison.Ordinal), "acknowledged before the outage, so kept");
    }

    [Fact]
    public async Task A_broker_that_stops_answering_gives_503_after_the_delivery_timeout_not_a_hang()
    {
        await using var collector = await TestCollector.StartAsync(o => o.DeliveryTimeoutMs = DeliveryTimeoutMs);
        using (var warm = await collector.Http.SendAsync(Requests.Pixel(PixelJson.Event("before-stall"))))
            warm.StatusCode.Should().Be(HttpStatusCode.Accepted);

        // Connected but silent: no connection drops, so only the delivery timeout can end the wait.
        collector.Broker.SetBrokerRtt(1, TimeSpan.FromSeconds(30));
        var clock = Stopwatch.StartNew();
        using var response = await collector.Http.SendAsync(Requests.Pixel(PixelJson.Event("stalled")));
        output.WriteLine($"answer from a silent broker after {clock.Elapsed.TotalMilliseconds:F0} ms");

        response.StatusCode.Should().Be(HttpStatusCode.ServiceUnavailable);
        (await response.Content.ReadAsStringAsync()).Should().Contain("broker_unavailable");
        clock.Elapsed.Should().BeGreaterThan(TimeSpan.FromMilliseconds(DeliveryTimeoutMs / 2)).And.BeLessThan(TimeSpan.FromMilliseconds(DeliveryTimeoutMs + 3_000));
        using var live = await collector.Http.GetAsync("healthz");
        live.StatusCode.Should().Be(HttpStatusCode.OK, "a timed-out delivery must not leave the idempotent producer fatally failed");
    }

    [Fact]
    public async Task A_bootstrap_nobody_listens_on_gives_503_quickly_and_never_ready()
    {
        using var closed = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
        closed.Start();
        var port = ((IPEndPoint)closed.LocalEndpoint).Port;
        closed.Stop();
        await using var collector = await TestCollector.StartAsync(o => o.DeliveryTimeoutMs = DeliveryTimeoutMs, bootstrapOverride: $"127.0.0.1:{port}");

        var clock = Stopwatch.StartNew();
        using var response = await collector.Http.SendAsync(Requests.Pixel(PixelJson.Event("nowhere")));

        response.StatusCode.Should().Be(HttpStatusCode.ServiceUnavailable);
        response.Headers.RetryAfter.Should().NotBeNull();
        clock.Elapsed.Should().BeLessThan(TimeSpan.FromMilliseconds(DeliveryTimeoutMs + 3_000));
        using var ready = await collector.Http.GetAsync("readyz");
        ready.StatusCode.Should().Be(HttpStatusCode.ServiceUnavailable);
        using var live = await collector.Http.GetAsync("healthz");
        live.StatusCode.Should().Be(HttpStatusCode.OK, "an unreachable broker is not a reason to restart the collector");
    }
}
