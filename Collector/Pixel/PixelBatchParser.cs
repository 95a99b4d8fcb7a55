using System.Globalization;
using System.Text.Json;

namespace GrainPipeline.Collector.Pixel;

/// <summary>
/// Reads a pixel request body — one Web Pixel event object or an array of them — in one forward
/// pass with <see cref="Utf8JsonReader"/>, checking each event's shape (string <c>id</c>,
/// <c>name</c>, <c>clientId</c>, ISO 8601 <c>timestamp</c>) and size, and remembering where each
/// event's bytes lie so the record value is exactly the JSON as sent, not a re-serialisation.
/// A request is accepted whole or refused whole, so a client never has to guess what went in.
/// </summary>
public static class PixelBatchParser
{
    private const int MaxDepth = 64;
    private const int MaxIdLength = 256;

    public static PixelBatch Parse(ReadOnlySpan<byte> body, int maxEventBytes, int maxEvents)
    {
        if (body.Trim(" \t\r\n"u8).IsEmpty) return PixelBatch.Malformed("the body is empty; send a pixel event object or an array of them");
        var reader = new Utf8JsonReader(body, new JsonReaderOptions { MaxDepth = MaxDepth });
        var events = new List<PixelEvent>();
        try
        {
            reader.Read();
            string? error;
            switch (reader.TokenType)
            {
                case JsonTokenType.StartObject:
                    error = ReadEvent(ref reader, -1, maxEventBytes, events, out var tooLarge);
                    if (error is not null) return tooLarge ? PixelBatch.TooLarge(error) : PixelBatch.Malformed(error);
                    break;
                case JsonTokenType.StartArray:
                    while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
                    {
                        if (events.Count == maxEvents)
                            return PixelBatch.TooLarge($"more than {maxEvents} events in one request (Collector:MaxEventsPerRequest)");
                        if (reader.TokenType != JsonTokenType.StartObject)
                            return PixelBatch.Malformed($"event[{events.Count}] is a JSON {Describe(reader.TokenType)}, not an object");
                        error = ReadEvent(ref reader, events.Count, maxEventBytes, events, out tooLarge);
                        if (error is not null) return tooLarge ? PixelBatch.TooLarge(error) : PixelBatch.Malformed(error);
                    }
                    if (events.Count == 0) return PixelBatch.Malformed("the array holds no events");
                    break;
                default:
                    return PixelBatch.Malformed($"the body is a JSON {Describe(reader.TokenType)}; send a pixel event object or an array of them");
            }

            // Anything after the one top-level value makes the reader throw: the body is not one JSON document.
            if (reader.Read()) return PixelBatch.Malformed("unexpected content after the JSON value");
        }
        catch (JsonException e)
        {
            return PixelBatch.Malformed($"malformed JSON: {e.Message}");
        }

        return PixelBatch.Ok(events);
    }

    private static string? ReadEvent(ref Utf8JsonReader reader, int index, int maxEventBytes, List<PixelEvent> events, out bool tooLarge)
    {
        tooLarge = false;
        var label = index < 0 ? "event" : $"event[{index}]";
        var start = (int)reader.TokenStartIndex;
        var depth = reader.CurrentDepth;
        string? id = null, name = null, clientId = null, timestamp = null;
        while (reader.Read() && !(reader.TokenType == JsonTokenType.EndObject && reader.CurrentDepth == depth))
        {
            // Only this object's own properties matter; nested objects are skipped whole.
            var property = reader.ValueSpan;
            var which = property.SequenceEqual("id"u8) ? 1
                : property.SequenceEqual("name"u8) ? 2
                : property.SequenceEqual("clientId"u8) ? 3
                : property.SequenceEqual("timestamp"u8) ? 4
                : 0;
            reader.Read();
            if (which == 0)
            {
                reader.Skip();
                continue;
            }

            if (reader.TokenType != JsonTokenType.String)
                return $"{label}: '{PropertyName(which)}' must be a string, not a JSON {Describe(reader.TokenType)}";
            var value = reader.GetString();
            switch (which)
            {
                case 1: id = value; break;
                case 2: name = value; break;
                case 3: clientId = value; break;
                default: timestamp = value; break;
            }
        }

        var length = (int)reader.BytesConsumed - start;
        if (length > maxEventBytes)
        {
            tooLarge = true;
            return $"{label} is {length} bytes, over the limit of {maxEventBytes} (Collector:MaxEventBytes)";
        }

        var missing = Missing(id, "id") ?? Missing(name, "name") ?? Missing(clientId, "clientId") ?? Missing(timestamp, "timestamp");
        if (missing is not null) return $"{label}: {missing}";
        if (id!.Length > MaxIdLength || clientId!.Length > MaxIdLength)
            return $"{label}: 'id' and 'clientId' must be at most {MaxIdLength} characters";
        if (!DateTimeOffset.TryParse(timestamp, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out _))
            return $"{label}: 'timestamp' must be an ISO 8601 date and time, not '{Truncate(timestamp!)}'";

        events.Add(new PixelEvent(id, clientId, start, length));
        return null;
    }

    private static string? Missing(string? value, string name) =>
        string.IsNullOrWhiteSpace(value) ? $"'{name}' is missing or empty" : null;

    private static string PropertyName(int which) => which switch
    {
        1 => "id",
        2 => "name",
        3 => "clientId",
        _ => "timestamp",
    };

    private static string Truncate(string value) => value.Length <= 40 ? value : value[..40] + "…";

    private static string Describe(JsonTokenType token) => token switch
    {
        JsonTokenType.StartArray => "array",
        JsonTokenType.StartObject => "object",
        JsonTokenType.String => "string",
        JsonTokenType.Number => "number",
        JsonTokenType.True or JsonTokenType.False => "boolean",
        JsonTokenType.Null => "null",
        _ => token.ToString(),
    };
}
