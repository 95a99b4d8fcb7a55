using System.Globalization;
using System.Text;
using System.Text.Json;
using Confluent.Kafka;
using GrainPipeline.Grains.Events;
using GrainPipeline.Ingest.DeadLetters;
using GrainPipeline.Kafka.Contract;

namespace GrainPipeline.Ingest.Parsing;

/// <summary>
/// Turns a Kafka record into an <see cref="EventEnvelope"/> per the record contract, or says
/// exactly why it cannot (the dead-letter reason). It parses the JSON once; the stages reuse it.
/// </summary>
public sealed class EnvelopeParser(int maxRecordBytes)
{
    private static readonly JsonDocumentOptions DocumentOptions = new() { MaxDepth = 64 };

    public ParseOutcome Parse(byte[]? key, byte[]? value, Headers? headers)
    {
        if (value is null || value.Length == 0) return ParseOutcome.Invalid(DeadLetterReasons.EmptyValue, "record has no value");
        if (value.Length > maxRecordBytes)
            return ParseOutcome.Invalid(DeadLetterReasons.Oversized, $"value is {value.Length} bytes; the limit (Ingest:MaxRecordBytes) is {maxRecordBytes}");
        if (key is null || key.Length == 0) return ParseOutcome.Invalid(DeadLetterReasons.MissingKey, "record has no key; expected {shop}:{clientId}");
        var keyText = Encoding.UTF8.GetString(key);
        var colon = keyText.IndexOf(':', StringComparison.Ordinal);
        if (colon <= 0 || colon == keyText.Length - 1)
            return ParseOutcome.Invalid(DeadLetterReasons.BadKey, $"key '{Truncate(keyText)}' is not {{shop}}:{{clientId}}");
        var keyShop = keyText[..colon];
        var keyClient = keyText[(colon + 1)..];

        var source = Header(headers, RecordHeaders.Source) ?? RecordHeaders.SourcePixel;
        if (source != RecordHeaders.SourcePixel && source != RecordHeaders.SourceWebhook)
            return ParseOutcome.Invalid(DeadLetterReasons.UnknownSource, $"gp-source '{Truncate(source)}' is neither pixel nor webhook");

        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(value, DocumentOptions);
        }
        catch (JsonException e)
        {
            return ParseOutcome.Invalid(DeadLetterReasons.InvalidJson, e.Message);
        }
        var outcome = source == RecordHeaders.SourcePixel
            ? ReadPixel(document.RootElement, keyShop, keyClient, headers)
            : ReadWebhook(document.RootElement, keyShop, keyClient, headers);
        if (outcome.Reason is not null)
        {
            document.Dispose();
            return outcome;
        }
        return ParseOutcome.Valid(outcome.Envelope!, document);
    }

    private static ParseOutcome ReadPixel(JsonElement root, string keyShop, string keyClient, Headers? headers)
    {
        if (root.ValueKind != JsonValueKind.Object) return ParseOutcome.Invalid(DeadLetterReasons.WrongFieldType, "a pixel event must be a JSON object");
        if (!RequiredString(root, "id", out var id, out var failure)) return failure with { Reason = failure.Reason == DeadLetterReasons.MissingField ? DeadLetterReasons.MissingEventId : failure.Reason };
        if (!RequiredString(root, "name", out var name, out failure)) return failure;
        if (!RequiredString(root, "clientId", out var clientId, out failure)) return failure;
        if (!RequiredString(root, "timestamp", out var timestamp, out failure)) return failure;
        var isCustom = root.TryGetProperty("type", out var type) && type.ValueKind == JsonValueKind.String && type.ValueEquals("custom");
        if (!isCustom && !EventNames.IsKnownPixelEvent(name))
            return ParseOutcome.Invalid(DeadLetterReasons.UnknownEventName, $"'{Truncate(name)}' is not a standard pixel event and type is not 'custom'");
        if (!DateTimeOffset.TryParse(timestamp, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var occurredAt))
            return ParseOutcome.Invalid(DeadLetterReasons.WrongFieldType, $"timestamp '{Truncate(timestamp)}' is not ISO 8601");
        if (clientId != keyClient)
            return ParseOutcome.Invalid(DeadLetterReasons.KeyMismatch, $"key client '{Truncate(keyClient)}' differs from clientId '{Truncate(clientId)}'");
        var shop = Header(headers, RecordHeaders.Shop) ?? keyShop;
        return ParseOutcome.Valid(new EventEnvelope(id, shop, clientId, name, occurredAt, EventSource.Pixel, null, ReceivedAt(headers)), null!);
    }

    private static ParseOutcome ReadWebhook(JsonElement root, string keyShop, string keyClient, Headers? headers)
    {
        var id = Header(headers, RecordHeaders.WebhookId);
        if (string.IsNullOrEmpty(id)) return ParseOutcome.Invalid(DeadLetterReasons.MissingEventId, "webhook record has no gp-webhook-id header");
        var topic = Header(headers, RecordHeaders.WebhookTopic);
        if (string.IsNullOrEmpty(topic)) return ParseOutcome.Invalid(DeadLetterReasons.MissingField, "webhook record has no gp-webhook-topic header");
        var receivedAt = ReceivedAt(headers);
        var occurredAt = ReadTime(root, "updated_at") ?? ReadTime(root, "created_at")
            ?? (receivedAt is { } ms ? DateTimeOffset.FromUnixTimeMilliseconds(ms) : DateTimeOffset.UnixEpoch);
        var shop = Header(headers, RecordHeaders.Shop) ?? keyShop;
        return ParseOutcome.Valid(new EventEnvelope(id, shop, keyClient, topic, occurredAt, EventSource.Webhook, topic, receivedAt), null!);
    }

    private static bool RequiredString(JsonElement root, string name, out string value, out ParseOutcome failure)
    {
        value = "";
        failure = default;
        if (!root.TryGetProperty(name, out var element) || element.ValueKind == JsonValueKind.Null)
        {
            failure = ParseOutcome.Invalid(DeadLetterReasons.MissingField, $"required field '{name}' is missing");
            return false;
        }
        if (element.ValueKind != JsonValueKind.String || string.IsNullOrEmpty(element.GetString()))
        {
            failure = ParseOutcome.Invalid(DeadLetterReasons.WrongFieldType, $"field '{name}' must be a non-empty string, got {element.ValueKind}");
            return false;
        }
        value = element.GetString()!;
        return true;
    }

    private static DateTimeOffset? ReadTime(JsonElement root, string name) =>
        root.ValueKind == JsonValueKind.Object && root.TryGetProperty(name, out var element) && element.ValueKind == JsonValueKind.String
        && DateTimeOffset.TryParse(element.GetString(), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at) ? at : null;

    private static long? ReceivedAt(Headers? headers) =>
        long.TryParse(Header(headers, RecordHeaders.ReceivedAt), NumberStyles.Integer, CultureInfo.InvariantCulture, out var ms) ? ms : null;

    internal static string? Header(Headers? headers, string name) =>
        headers is not null && headers.TryGetLastBytes(name, out var bytes) ? Encoding.UTF8.GetString(bytes) : null;

    private static string Truncate(string text) => text.Length <= 80 ? text : text[..80] + "…";
}
