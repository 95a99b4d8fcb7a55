using System.Globalization;
using System.Text.Json;

namespace GrainPipeline.Grains.Shopify;

/// <summary>Tolerant readers for Shopify JSON: missing paths give null, money may be a number or a string.</summary>
internal static class JsonRead
{
    public static JsonElement? Path(JsonElement root, params ReadOnlySpan<string> names)
    {
        var current = root;
        foreach (var name in names)
        {
            if (current.ValueKind != JsonValueKind.Object || !current.TryGetProperty(name, out current)) return null;
        }
        return current;
    }

    public static string? String(JsonElement root, params ReadOnlySpan<string> names) =>
        Path(root, names) is { } value ? value.ValueKind switch
        {
            JsonValueKind.String => value.GetString(),
            JsonValueKind.Number => value.GetRawText(),
            _ => null,
        } : null;

    /// <summary>Pixel money is a JSON number (729.95), webhook money a string ("29.99").</summary>
    public static decimal? Money(JsonElement root, params ReadOnlySpan<string> names)
    {
        if (Path(root, names) is not { } value) return null;
        return value.ValueKind switch
        {
            JsonValueKind.Number when value.TryGetDecimal(out var number) => number,
            JsonValueKind.String when decimal.TryParse(value.GetString(), NumberStyles.Number, CultureInfo.InvariantCulture, out var parsed) => parsed,
            _ => null,
        };
    }

    public static long? Integer(JsonElement root, params ReadOnlySpan<string> names) =>
        Path(root, names) is { ValueKind: JsonValueKind.Number } value && value.TryGetInt64(out var number) ? number : null;
}
