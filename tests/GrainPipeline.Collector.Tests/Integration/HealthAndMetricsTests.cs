using System.Net;
using GrainPipeline.Collector.Tests.Infrastructure;

namespace GrainPipeline.Collector.Tests.Integration;

public class HealthAndMetricsTests
{
    [Fact]
    public async Task Healthz_and_readyz_are_200_with_a_reachable_broker()
    {
        await using var collector = await TestCollector.StartAsync();

        using var health = await collector.Http.GetAsync("healthz");
        var ready = await Eventually.StatusAsync(collector.Http, "readyz", HttpStatusCode.OK, "readyz with the broker up");

        health.StatusCode.Should().Be(HttpStatusCode.OK);
        ready.Should().Be(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Metrics_count_answers_events_and_rejections_in_Prometheus_text()
    {
        await using var collector = await TestCollector.StartAsync();
        using (await collector.Http.SendAsync(Requests.Pixel(PixelJson.Array(PixelJson.Event("m-1"), PixelJson.Event("m-2"))))) { }
        using (await collector.Http.SendAsync(Requests.Pixel("{oops"))) { }
        using (await collector.Http.SendAsync(Requests.Webhook("{}", "wrong", "wh-m"))) { }

        using var response = await collector.Http.GetAsync("metrics");
        var text = await response.Content.ReadAsStringAsync();

        response.Content.Headers.ContentType!.ToString().Should().StartWith("text/plain; version=0.0.4");
        text.Should().Contain("# TYPE gp_collector_requests_total counter")
            .And.Contain("gp_collector_requests_total{endpoint=\"pixel\",status=\"202\"} 1\n")
            .And.Contain("gp_collector_requests_total{endpoint=\"pixel\",status=\"400\"} 1\n")
            .And.Contain("gp_collector_requests_total{endpoint=\"webhook\",status=\"401\"} 1\n")
            .And.Contain("gp_collector_events_accepted_total{source=\"pixel\"} 2\n")
            .And.Contain("gp_collector_rejections_total{reason=\"bad_signature\"} 1\n")
            .And.Contain("gp_collector_produce_duration_milliseconds_count 1\n")
            .And.Contain("gp_collector_inflight_requests 0\n");
    }

    [Fact]
    public async Task Two_collectors_in_one_process_keep_their_metrics_apart()
    {
        await using var first = await TestCollector.StartAsync();
        await using var second = await TestCollector.StartAsync();
        using (await first.Http.SendAsync(Requests.Pixel(PixelJson.Event("apart-1")))) { }

        var secondText = await second.Http.GetStringAsync("metrics");

        secondText.Should().Contain("# TYPE gp_collector_events_accepted_total counter").And.NotContain("gp_collector_events_accepted_total{");
        (await first.Http.GetStringAsync("metrics")).Should().Contain("gp_collector_events_accepted_total{source=\"pixel\"} 1\n");
    }
}
