using System.Net;
using System.Net.Http.Headers;
using GrainPipeline.Collector.Pixel;

namespace GrainPipeline.Collector.Client;

/// <summary>
/// Sends pixel events to a collector over HTTP the way a well-behaved storefront or the demo
/// should: batches as JSON arrays, and on 503 or 429 waits for Retry-After and sends the same
/// batch again (event ids make the retry harmless downstream). Any other refusal is a bug in the
/// events, not load, so it throws with the collector's reason rather than retrying.
/// </summary>
public sealed class CollectorClient(HttpClient http, CollectorClientOptions? options = null)
{
    private static readonly MediaTypeHeaderValue Json = new("application/json");
    private readonly CollectorClientOptions _options = options ?? new CollectorClientOptions();

    /// <summary>
    /// Posts one batch of Web Pixel event objects (each one JSON object, as bytes) for <paramref name="shop"/>.
    /// Returns once the collector answered 202 — the events are then acknowledged by the broker.
    /// </summary>
    public async Task<SendResult> SendPixelBatchAsync(string shop, IReadOnlyList<ReadOnlyMemory<byte>> events, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(shop);
        ArgumentNullException.ThrowIfNull(events);
        var body = JsonArray(events);
        var refusals = 0;
        for (var attempt = 1; ; attempt++)
        {
            using var content = new ByteArrayContent(body);
            content.Headers.ContentType = Json;
            using var response = await http.PostAsync(new Uri($"v1/pixel/{Uri.EscapeDataString(shop)}", UriKind.Relative), content, cancellationToken).ConfigureAwait(false);
            if (response.StatusCode == HttpStatusCode.Accepted) return new SendResult(events.Count, refusals);

            var retryable = response.StatusCode is HttpStatusCode.ServiceUnavailable or HttpStatusCode.TooManyRequests;
            var detail = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
            if (!retryable || attempt >= _options.MaxAttempts)
                throw new CollectorRejectedException((int)response.StatusCode, detail, attempt);

            refusals++;
            var wait = response.Headers.RetryAfter?.Delta ?? _options.DefaultRetryAfter;
            await Task.Delay(wait < _options.MaxRetryAfter ? wait : _options.MaxRetryAfter, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Concatenates the event objects into one JSON array body without re-serialising them.</summary>
    internal static byte[] JsonArray(IReadOnlyList<ReadOnlyMemory<byte>> events)
    {
        if (events.Count == 0) throw new ArgumentException("A batch needs at least one event.", nameof(events));
        var length = 2 + events.Count - 1;
        foreach (var e in events) length += e.Length;
        var body = new byte[length];
        var at = 0;
        body[at++] = (byte)'[';
        for (var i = 0; i < events.Count; i++)
        {
            if (i > 0) body[at++] = (byte)',';
            events[i].Span.CopyTo(body.AsSpan(at));
            at += events[i].Length;
        }
        body[at] = (byte)']';
        return body;
    }

    /// <summary>Route of the pixel endpoint, for callers that build URLs themselves.</summary>
    public static string PixelRoute => PixelEndpoint.Route;
}
