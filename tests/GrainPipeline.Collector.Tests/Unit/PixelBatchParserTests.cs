using System.Text;
using GrainPipeline.Collector.Pixel;
using GrainPipeline.Collector.Tests.Infrastructure;

namespace GrainPipeline.Collector.Tests.Unit;

public class PixelBatchParserTests
{
    private static PixelBatch Parse(string body, int maxEventBytes = 64 * 1024, int maxEvents = 100) =>
        PixelBatchParser.Parse(Encoding.UTF8.GetBytes(body), maxEventBytes, maxEvents);

    [Fact]
    public void A_single_event_object_is_one_event_spanning_the_whole_body()
    {
        var json = PixelJson.Event("sh-1", "client-7");

        var batch = Parse(json);

        batch.IsValid.Should().BeTrue();
        batch.Events.Should().ContainSingle().Which.Should().Be(new PixelEvent("sh-1", "client-7", 0, Encoding.UTF8.GetByteCount(json)));
    }

    [Fact]
    public void Array_elements_are_sliced_byte_for_byte_as_sent()
    {
        // Odd spacing and escapes must survive: the record value is the JSON as sent, not re-serialised.
        var first = "{ \"id\" : \"sh-1\", \"name\":\"page_viewed\",\"clientId\":\"c1\",\"timestamp\":\"2024-05-01T12:00:00Z\",\"data\":{\"q\":\"caf\\u00e9\"} }";
        var second = PixelJson.Event("sh-2", "c2");
        var body = Encoding.UTF8.GetBytes("[\n  " + first + " ,\n" + second + "\n]");

        var batch = PixelBatchParser.Parse(body, 64 * 1024, 10);

        batch.Events.Select(e => e.Id).Should().Equal("sh-1", "sh-2");
        Encoding.UTF8.GetString(body, batch.Events[0].Start, batch.Events[0].Length).Should().Be(first);
        Encoding.UTF8.GetString(body, batch.Events[1].Start, batch.Events[1].Length).Should().Be(second);
    }

    [Fact]
    public void Seq_and_type_are_optional()
    {
        Parse("{\"id\":\"a\",\"name\":\"n\",\"clientId\":\"c\",\"timestamp\":\"2024-05-01T12:00:00+02:00\"}").IsValid.Should().BeTrue();
    }

    [Theory]
    [InlineData("{\"id\":\"a\",\"name\":\"n\",\"timestamp\":\"2024-05-01T12:00:00Z\"}", "'clientId' is missing")]
    [InlineData("{\"id\":\"\",\"name\":\"n\",\"clientId\":\"c\",\"timestamp\":\"2024-05-01T12:00:00Z\"}", "'id' is missing or empty")]
    [InlineData("{\"id\":5,\"name\":\"n\",\"clientId\":\"c\",\"timestamp\":\"2024-05-01T12:00:00Z\"}", "'id' must be a string")]
    [InlineData("{\"id\":\"a\",\"name\":\"n\",\"clientId\":\"c\",\"timestamp\":\"yesterday\"}", "'timestamp' must be an ISO 8601")]
    [InlineData("[{\"id\":\"a\",\"name\":\"n\",\"clientId\":\"c\",\"timestamp\":\"2024-05-01T12:00:00Z\"}, 3]", "event[1] is a JSON number")]
    [InlineData("[]", "no events")]
    [InlineData("\"just a string\"", "the body is a JSON string")]
    [InlineData("", "the body is empty")]
    [InlineData("{\"id\":\"a\",", "malformed JSON")]
    [InlineData("{\"id\":\"a\",\"name\":\"n\",\"clientId\":\"c\",\"timestamp\":\"2024-05-01T12:00:00Z\"} {}", "malformed JSON")]
    public void A_bad_shape_is_refused_with_the_reason(string body, string reason)
    {
        var batch = Parse(body);

        batch.IsValid.Should().BeFalse();
        batch.Status.Should().Be(400);
        batch.Error.Should().Contain(reason);
    }

    [Fact]
    public void An_event_over_the_size_limit_is_413_naming_the_setting()
    {
        var body = PixelJson.Array(PixelJson.Event("small"), PixelJson.Event("big", padding: new string('x', 2_000)));

        var batch = Parse(body, maxEventBytes: 1_000);

        batch.Status.Should().Be(413);
        batch.Error.Should().Contain("event[1]").And.Contain("Collector:MaxEventBytes");
    }

    [Fact]
    public void More_events_than_allowed_is_413_naming_the_setting()
    {
        var body = PixelJson.Array(Enumerable.Range(0, 4).Select(i => PixelJson.Event(PixelJson.Id("e", i))).ToArray());

        var batch = Parse(body, maxEvents: 3);

        batch.Status.Should().Be(413);
        batch.Error.Should().Contain("Collector:MaxEventsPerRequest");
    }
}
