using System.Net;
using GrainPipeline.Collector.Tests.Infrastructure;
using GrainPipeline.Kafka.Contract;

namespace GrainPipeline.Collector.Tests.Integration;

public class WebhookEndpointTests
{
    private const string Order = "{\"id\":820982911946154508,\"email\":\"jon@example.com\",\"total_price\":\"29.99\",\"customer\":{\"id\":115310627314723954}}";

    [Fact]
    public async Task A_signed_webhook_is_produced_byte_for_byte_with_the_contract_headers()
    {
        await using var collector = await TestCollector.StartAsync();
        using var reader = collector.Reader();
        var body = "{ \"id\" : 1, \"customer\" : { \"id\" : 42 }, \"note\" : \"caf\\u00e9 \u00e9\" }";

        using var response = await collector.Http.SendAsync(Requests.Webhook(body, TestCollector.Secret, "wh-1"));

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        var record = (await reader.ReadCountAsync(1, "the webhook record")).Single();
        RecordReader.Key(record).Should().Be("demo-shop.myshopify.com:customer-42");
        RecordReader.Value(record).Should().Be(body);
        RecordReader.Header(record, RecordHeaders.Source).Should().Be("webhook");
        RecordReader.Header(record, RecordHeaders.Shop).Should().Be("demo-shop.myshopify.com");
        RecordReader.Header(record, RecordHeaders.WebhookTopic).Should().Be("orders/create");
        RecordReader.Header(record, RecordHeaders.WebhookId).Should().Be("wh-1");
        long.Parse(RecordReader.Header(record, RecordHeaders.ReceivedAt)!, System.Globalization.CultureInfo.InvariantCulture)
            .Should().BeCloseTo(DateTimeOffset.UtcNow.ToUnixTimeMilliseconds(), 60_000);
    }

    [Fact]
    public async Task A_bad_signature_gets_401_and_nothing_is_produced()
    {
        await using var collector = await TestCollector.StartAsync();
        using var reader = collector.Reader();

        using var forged = await collector.Http.SendAsync(Requests.Webhook(Order, "attacker-secret", "wh-forged"));
        using var unsigned = await collector.Http.SendAsync(Requests.Webhook(Order, signWith: null, "wh-unsigned"));
        // Same key, so same partition: had the forged ones been produced, they would come first.
        using var genuine = await collector.Http.SendAsync(Requests.Webhook(Order, TestCollector.Secret, "wh-genuine"));

        forged.StatusCode.Should().Be(HttpStatusCode.Unauthorized);
        unsigned.StatusCode.Should().Be(HttpStatusCode.Unauthorized);
        genuine.StatusCode.Should().Be(HttpStatusCode.OK);
        var records = await reader.ReadUntilAsync(r => r.Any(x => RecordReader.Header(x, RecordHeaders.WebhookId) == "wh-genuine"), "the genuine webhook");
        records.Select(r => RecordReader.Header(r, RecordHeaders.WebhookId)).Should().Equal("wh-genuine");
        records.Single().Offset.Value.Should().Be(0);
    }

    [Fact]
    public async Task A_webhook_signed_with_the_previous_secret_is_accepted_during_rotation()
    {
        await using var collector = await TestCollector.StartAsync();
        using var reader = collector.Reader();

        using var response = await collector.Http.SendAsync(Requests.Webhook(Order, TestCollector.OldSecret, "wh-rotated"));

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        (await reader.ReadCountAsync(1, "the webhook signed with the old secret")).Single()
            .Should().Match<Confluent.Kafka.ConsumeResult<byte[], byte[]>>(r => RecordReader.Header(r, RecordHeaders.WebhookId) == "wh-rotated");
    }

    [Fact]
    public async Task A_webhook_without_a_customer_is_keyed_shop_wide()
    {
        await using var collector = await TestCollector.StartAsync();
        using var reader = collector.Reader();

        using var response = await collector.Http.SendAsync(Requests.Webhook("{\"id\":632910392,\"title\":\"IPod Nano\"}", TestCollector.Secret, "wh-p", topic: "products/update"));

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        RecordReader.Key((await reader.ReadCountAsync(1, "the product webhook")).Single()).Should().Be("demo-shop.myshopify.com:webhook");
    }

    [Fact]
    public async Task Missing_Shopify_headers_get_400_naming_them()
    {
        await using var collector = await TestCollector.StartAsync();
        var request = Requests.Webhook(Order, TestCollector.Secret, "wh-1");
        request.Headers.Remove("X-Shopify-Webhook-Id");

        using var response = await collector.Http.SendAsync(request);

        response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await response.Content.ReadAsStringAsync()).Should().Contain("X-Shopify-Webhook-Id");
    }

    [Fact]
    public async Task A_signed_but_malformed_body_gets_400()
    {
        await using var collector = await TestCollector.StartAsync();

        using var response = await collector.Http.SendAsync(Requests.Webhook("{\"id\":", TestCollector.Secret, "wh-1"));

        response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await response.Content.ReadAsStringAsync()).Should().Contain("malformed");
    }

    [Fact]
    public async Task Without_secrets_the_webhook_route_does_not_exist()
    {
        await using var collector = await TestCollector.StartAsync(o => o.WebhookSecrets.Clear());

        using var response = await collector.Http.SendAsync(Requests.Webhook(Order, TestCollector.Secret, "wh-1"));

        response.StatusCode.Should().Be(HttpStatusCode.NotFound);
    }
}
