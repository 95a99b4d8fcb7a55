using System.Buffers;
using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace GrainPipeline.Workload.Generation;

/// <summary>
/// Writes one Web Pixel event object at a time into a reused buffer, in the shape of SHOPIFY.md.
/// The caller writes the <c>data</c> object between <see cref="Begin"/> and <see cref="End"/>.
/// One instance per generator enumeration: not thread-safe.
/// </summary>
internal sealed class PixelJsonWriter : IDisposable
{
    /// <summary>
    /// Relaxed escaping keeps <c>&amp;</c> and <c>+</c> in URLs literal, as the browser sends them; the
    /// default encoder's HTML-safe escapes would be valid JSON but unlike any real capture.
    /// </summary>
    private static readonly JsonWriterOptions Options = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private readonly ArrayBufferWriter<byte> _buffer = new(4096);
    private readonly Utf8JsonWriter _json;

    public PixelJsonWriter() => _json = new Utf8JsonWriter(_buffer, Options);

    /// <summary>ISO 8601 UTC with milliseconds, the form the pixel sends.</summary>
    public static string FormatTimestamp(DateTimeOffset timestamp) =>
        timestamp.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);

    /// <summary>Writes the envelope up to the <c>data</c> property and returns the writer for the data object.</summary>
    public Utf8JsonWriter Begin(in PixelEnvelope envelope)
    {
        _buffer.ResetWrittenCount();
        _json.Reset(_buffer);
        _json.WriteStartObject();
        _json.WriteString("id", envelope.Id);
        _json.WriteString("name", envelope.Name);
        _json.WriteString("clientId", envelope.ClientId);
        _json.WriteString("timestamp", FormatTimestamp(envelope.Timestamp));
        _json.WriteString("type", "standard");
        WriteContext(envelope);
        _json.WritePropertyName("data");
        return _json;
    }

    /// <summary>Closes the event and returns its bytes (a fresh array: records outlive the buffer).</summary>
    public byte[] End()
    {
        _json.WriteEndObject();
        _json.Flush();
        return _buffer.WrittenSpan.ToArray();
    }

    public void Dispose() => _json.Dispose();

    private void WriteContext(in PixelEnvelope envelope)
    {
        _json.WriteStartObject("context");
        _json.WriteStartObject("document");
        _json.WriteStartObject("location");
        _json.WriteString("href", "https://" + envelope.Shop + envelope.Path + envelope.Search);
        _json.WriteString("host", envelope.Shop);
        _json.WriteString("pathname", envelope.Path);
        _json.WriteString("search", envelope.Search);
        _json.WriteEndObject();
        _json.WriteString("referrer", envelope.Referrer);
        _json.WriteString("characterSet", "UTF-8");
        _json.WriteString("title", envelope.Title);
        _json.WriteEndObject();
        _json.WriteStartObject("navigator");
        _json.WriteString("language", envelope.Language);
        _json.WriteString("userAgent", envelope.UserAgent);
        _json.WriteBoolean("cookieEnabled", true);
        _json.WriteEndObject();
        _json.WriteEndObject();
    }
}
