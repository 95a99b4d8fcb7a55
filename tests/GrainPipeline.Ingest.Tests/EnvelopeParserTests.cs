using System.Text;
using Confluent.Kafka;
using GrainPipeline.Grains.Events;
using GrainPipeline.Ingest.DeadLetters;
using GrainPipeline.Ingest.Parsing;
using GrainPipeline.Kafka.Contract;

namespace GrainPipeline.Ingest.Tests;

public class EnvelopeParserTests
{
    private const string Key = "shop-1.myshopify.com:c-1";
    private static readonly EnvelopeParser Parser = new(maxRecordBytes: 64 * 1024);

    private static string Pixel(string id = "\"sh-1\"", string name = "\"page_viewed\"", string client = "\"c-1\"", string timestamp = "\"2026-11-01T10:00:00.000Z\"", string extra = "") =>
        $$"""{"id":{{id}},"name":{{name}},"clientId":{{client}},"timestamp":{{timestamp}},"context":{},"data":{}{{extra}}}""";

    private static ParseOutcome Parse(string? key, string? value, Headers? headers = null) =>
        Parser.Parse(key is null ? null : Encoding.UTF8.GetBytes(key), value is null ? null : Encoding.UTF8.GetBytes(value), headers);

    [Fact]
    public void A_valid_pixel_event_gives_its_identity_and_the_parsed_document()
    {
        var outcome = Parse(Key, Pixel());
        outcome.IsValid.Should().BeTrue(outcome.Detail);
        outcome.Envelope!.EventId.Should().Be("sh-1");
        outcome.Envelope.Shop.Should().Be("shop-1.myshopify.com");
        outcome.Envelope.ClientId.Should().Be("c-1");
        outcome.Envelope.Name.Should().Be("page_viewed");
        outcome.Envelope.OccurredAt.Should().Be(new DateTimeOffset(2026, 11, 1, 10, 0, 0, TimeSpan.Zero));
        outcome.Envelope.UserKey.Should().Be(Key);
        outcome.Document!.RootElement.GetProperty("id").GetString().Should().Be("sh-1");
        outcome.Document.Dispose();
    }

    [Fact]
    public void The_shop_header_wins_over_the_key()
    {
        var headers = new Headers { { RecordHeaders.Shop, Encoding.UTF8.GetBytes("other.myshopify.com") } };
        Parse(Key, Pixel(), headers).Envelope!.Shop.Should().Be("other.myshopify.com");
    }

    [Theory]
    [InlineData(null, "{}", DeadLetterReasons.MissingKey)]
    [InlineData("no-colon", "{}", DeadLetterReasons.BadKey)]
    [InlineData(Key, null, DeadLetterReasons.EmptyValue)]
    [InlineData(Key, "{not json", DeadLetterReasons.InvalidJson)]
    [InlineData(Key, "[1,2]", DeadLetterReasons.WrongFieldType)]
    public void Records_that_are_not_events_are_refused_with_a_reason(string? key, string? value, string reason) =>
        Parse(key, value).Reason.Should().Be(reason);

    [Fact]
    public void Missing_event_id_is_its_own_reason() =>
        Parse(Key, """{"name":"page_viewed","clientId":"c-1","timestamp":"2026-11-01T10:00:00Z"}""").Reason.Should().Be(DeadLetterReasons.MissingEventId);

    [Fact]
    public void Wrong_field_types_are_refused() =>
        Parse(Key, Pixel(id: "123")).Reason.Should().Be(DeadLetterReasons.WrongFieldType);

    [Fact]
    public void A_timestamp_that_is_not_a_date_is_refused() =>
        Parse(Key, Pixel(timestamp: "true")).Reason.Should().Be(DeadLetterReasons.WrongFieldType);

    [Fact]
    public void Unknown_event_names_are_refused_unless_the_event_is_custom()
    {
        Parse(Key, Pixel(name: "\"page_exploded\"")).Reason.Should().Be(DeadLetterReasons.UnknownEventName);
        Parse(Key, Pixel(name: "\"page_exploded\"", extra: ",\"type\":\"custom\"")).IsValid.Should().BeTrue();
    }

    [Fact]
    public void A_client_id_that_differs_from_the_key_is_refused() =>
        Parse(Key, Pixel(client: "\"c-2\"")).Reason.Should().Be(DeadLetterReasons.KeyMismatch);

    [Fact]
    public void Oversized_values_are_refused_before_parsing()
    {
        var huge = Pixel(extra: $",\"pad\":\"{new string('x', 70 * 1024)}\"");
        var outcome = Parse(Key, huge);
        outcome.Reason.Should().Be(DeadLetterReasons.Oversized);
        outcome.Detail.Should().Contain("Ingest:MaxRecordBytes");
    }

    [Fact]
    public void Unknown_sources_are_refused()
    {
        var headers = new Headers { { RecordHeaders.Source, Encoding.UTF8.GetBytes("carrier-pigeon") } };
        Parse(Key, Pixel(), headers).Reason.Should().Be(DeadLetterReasons.UnknownSource);
    }

    [Fact]
    public void A_webhook_takes_its_identity_from_the_headers()
    {
        var headers = new Headers
        {
            { RecordHeaders.Source, Encoding.UTF8.GetBytes(RecordHeaders.SourceWebhook) },
            { RecordHeaders.WebhookId, Encoding.UTF8.GetBytes("wh-9") },
            { RecordHeaders.WebhookTopic, Encoding.UTF8.GetBytes("orders/create") },
            { RecordHeaders.Shop, Encoding.UTF8.GetBytes("shop-1.myshopify.com") },
        };
        var outcome = Parse("shop-1.myshopify.com:42", """{"id":1001,"created_at":"2026-11-02T08:00:00-05:00","total_price":"29.99"}""", headers);
        outcome.IsValid.Should().BeTrue(outcome.Detail);
        outcome.Envelope!.EventId.Should().Be("wh-9");
        outcome.Envelope.Name.Should().Be("orders/create");
        outcome.Envelope.Source.Should().Be(EventSource.Webhook);
        outcome.Envelope.OccurredAt.Should().Be(new DateTimeOffset(2026, 11, 2, 13, 0, 0, TimeSpan.Zero));
    }

    [Fact]
    public void A_webhook_without_its_id_header_is_refused()
    {
        var headers = new Headers { { RecordHeaders.Source, Encoding.UTF8.GetBytes(RecordHeaders.SourceWebhook) } };
        Parse(Key, "{}", headers).Reason.Should().Be(DeadLetterReasons.MissingEventId);
    }
}
