using System.Net;
using System.Net.Http.Headers;
using System.Text;
using GrainPipeline.Collector.Tests.Infrastructure;
using GrainPipeline.Kafka.Contract;

namespace GrainPipeline.Collector.Tests.Integration;

public class PixelEndpointTests
{
    [Fact]
    public async Task One_event_is_produced_with_the_contract_key_headers_and_exact_bytes()
    {
        await using var collector = await TestCollector.StartAsync();
        using var reader = collector.Reader();
        var json = PixelJson.Event("sh-single", clientId: "a1b2c3");

        using var response = await collector.Http.SendAsync(Requests.Pixel(json, shop: "Demo-Shop.myshopify.com"));

        response.StatusCode.Should().Be(HttpStatusCode.Accepted);
        (await response.Content.ReadAsStringAsync()).Should().Be("{\"accepted\":1}");
        var record = (await reader.ReadCountAsync(1, "the pixel record")).Single();
        RecordReader.Key(record).Should().Be("demo-shop.myshopify.com:a1b2c3");
        RecordReader.Value(record).Should().Be(json);
        RecordReader.Header(record, RecordHeaders.Source).Should().Be("pixel");
        RecordReader.Header(record, RecordHeaders.Shop).Should().Be("demo-shop.myshopify.com");
        RecordReader.Header(record, RecordHeaders.ReceivedAt).Should().MatchRegex("^[0-9]{13}$");
        RecordReader.Header(record, RecordHeaders.WebhookId).Should().BeNull();
    }

    [Fact]
    public async Task An_array_becomes_one_record_per_event_in_order_per_client()
    {
        await using var collector = await TestCollector.StartAsync();
        using var reader = collector.Reader();
        var events = Enumerable.Range(0, 6).Select(i => PixelJson.Event(PixelJson.Id("sh-batch", i), clientId: i % 2 == 0 ? "even" : "odd")).ToArray();

        using var response = await collector.Http.SendAsync(Requests.Pixel(PixelJson.Array(events)));

        response.StatusCode.Should().Be(HttpStatusCode.Accepted);
        var records = await reader.ReadCountAsync(6, "six pixel records");
        records.Select(RecordReader.Value).Should().BeEquivalentTo(events);
        foreach (var client in new[] { "even", "odd" })
        {
            var ofClient = records.Where(r => RecordReader.Key(r) == PixelJson.Shop + ":" + client).ToList();
            ofClient.Select(r => r.Partition.Value).Distinct().Should().ContainSingle("one key, one partition");
            ofClient.Select(RecordReader.Value).Should().Equal(events.Where(e => e.Contains($"\"{client}\"", StringComparison.Ordinal)), "a client's events keep their order");
        }
    }

    [Fact]
    public async Task Text_plain_from_sendBeacon_is_accepted()
    {
        await using var collector = await TestCollector.StartAsync();
        var request = Requests.Pixel(PixelJson.Event("sh-beacon"));
        request.Content!.Headers.ContentType = new MediaTypeHeaderValue("text/plain");

        using var response = await collector.Http.SendAsync(request);

        response.StatusCode.Should().Be(HttpStatusCode.Accepted);
    }

    [Fact]
    public async Task An_event_over_MaxEventBytes_gets_413_and_nothing_of_the_request_is_produced()
    {
        await using var collector = await TestCollector.StartAsync(o => o.MaxEventBytes = 1_024);
        using var reader = collector.Reader();
        var body = PixelJson.Array(PixelJson.Event("sh-ok"), PixelJson.Event("sh-big", padding: new string('x', 2_000)));

        using var refused = await collector.Http.SendAsync(Requests.Pixel(body));
        using var marker = await collector.Http.SendAsync(Requests.Pixel(PixelJson.Event("sh-marker")));

        refused.StatusCode.Should().Be(HttpStatusCode.RequestEntityTooLarge);
        (await refused.Content.ReadAsStringAsync()).Should().Contain("Collector:MaxEventBytes");
        marker.StatusCode.Should().Be(HttpStatusCode.Accepted);
        var records = await reader.ReadUntilAsync(r => r.Any(x => RecordReader.Value(x).Contains("sh-marker", StringComparison.Ordinal)), "the marker event");
        records.Should().ContainSingle("the refused request's valid event must not have been produced either");
    }

    [Fact]
    public async Task A_request_over_MaxRequestBytes_gets_413_before_its_body_is_read()
    {
        await using var collector = await TestCollector.StartAsync(o => { o.MaxEventBytes = 4_096; o.MaxRequestBytes = 8_192; });
        var body = PixelJson.Array(Enumerable.Range(0, 10).Select(i => PixelJson.Event(PixelJson.Id("sh", i), padding: new string('y', 1_000))).ToArray());

        using var response = await collector.Http.SendAsync(Requests.Pixel(body));

        response.StatusCode.Should().Be(HttpStatusCode.RequestEntityTooLarge);
        (await response.Content.ReadAsStringAsync()).Should().Contain("Collector:MaxRequestBytes");
        collector.Service<Producing.RequestBudget>().PeakBytes.Should().Be(0, "a declared oversize body is refused before admission");
    }

    [Fact]
    public async Task A_chunked_request_is_cut_off_at_MaxRequestBytes_with_413()
    {
        await using var collector = await TestCollector.StartAsync(o => { o.MaxEventBytes = 4_096; o.MaxRequestBytes = 8_192; });
        var body = Encoding.UTF8.GetBytes(PixelJson.Array(Enumerable.Range(0, 10).Select(i => PixelJson.Event(PixelJson.Id("sh", i), padding: new string('y', 1_000))).ToArray()));
        var request = new HttpRequestMessage(HttpMethod.Post, $"v1/pixel/{PixelJson.Shop}") { Content = new StreamContent(new MemoryStream(body)) };
        request.Headers.TransferEncodingChunked = true;

        using var response = await collector.Http.SendAsync(request);

        response.StatusCode.Should().Be(HttpStatusCode.RequestEntityTooLarge);
    }

    [Theory]
    [InlineData("{\"id\":\"sh-1\",\"name\":", "malformed JSON")]
    [InlineData("{\"id\":\"sh-1\",\"name\":\"page_viewed\",\"timestamp\":\"2024-05-01T12:00:00Z\"}", "'clientId' is missing")]
    [InlineData("[1,2]", "event[0] is a JSON number")]
    public async Task Malformed_input_gets_400_with_the_reason(string body, string reason)
    {
        await using var collector = await TestCollector.StartAsync();

        using var response = await collector.Http.SendAsync(Requests.Pixel(body));

        response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        response.Content.Headers.ContentType!.MediaType.Should().Be("application/problem+json");
        using var problem = System.Text.Json.JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        problem.RootElement.GetProperty("title").GetString().Should().Be("malformed");
        problem.RootElement.GetProperty("detail").GetString().Should().Contain(reason);
    }

    [Fact]
    public async Task A_shop_that_is_not_a_host_name_gets_400()
    {
        await using var collector = await TestCollector.StartAsync();

        using var response = await collector.Http.SendAsync(Requests.Pixel(PixelJson.Event("sh-1"), shop: "not_a_host"));

        response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await response.Content.ReadAsStringAsync()).Should().Contain("bad_shop");
    }

    [Fact]
    public async Task CORS_preflight_is_answered_for_a_configured_storefront_and_not_for_others()
    {
        await using var collector = await TestCollector.StartAsync();

        using var allowed = await collector.Http.SendAsync(Preflight(TestCollector.StorefrontOrigin));
        using var other = await collector.Http.SendAsync(Preflight("https://evil.example"));

        allowed.Headers.GetValues("Access-Control-Allow-Origin").Should().Equal(TestCollector.StorefrontOrigin);
        allowed.Headers.GetValues("Access-Control-Allow-Methods").Should().Contain("POST");
        other.Headers.Contains("Access-Control-Allow-Origin").Should().BeFalse();
    }

    [Fact]
    public async Task A_cross_origin_post_from_a_storefront_carries_the_allow_origin_header()
    {
        await using var collector = await TestCollector.StartAsync();
        var request = Requests.Pixel(PixelJson.Event("sh-cors"));
        request.Headers.Add("Origin", TestCollector.StorefrontOrigin);

        using var response = await collector.Http.SendAsync(request);

        response.StatusCode.Should().Be(HttpStatusCode.Accepted);
        response.Headers.GetValues("Access-Control-Allow-Origin").Should().Equal(TestCollector.StorefrontOrigin);
    }

    private static HttpRequestMessage Preflight(string origin)
    {
        var request = new HttpRequestMessage(HttpMethod.Options, $"v1/pixel/{PixelJson.Shop}");
        request.Headers.Add("Origin", origin);
        request.Headers.Add("Access-Control-Request-Method", "POST");
        request.Headers.Add("Access-Control-Request-Headers", "content-type");
        return request;
    }
}
