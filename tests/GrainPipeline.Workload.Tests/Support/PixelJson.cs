using System.Globalization;
using System.Text.Json;

namespace GrainPipeline.Workload.Tests.Support;

/// <summary>
/// Reads generated events the way the pipeline would, written independently of the generator so the
/// tests cross-check its output instead of repeating its code.
/// </summary>
internal static class PixelJson
{
    private const string ProductGidPrefix = "gid://shopify/Product/";

    public static JsonDocument Parse(byte[] value) => JsonDocument.Parse(value);

    /// <summary>Product ids arrive as digits or as GIDs; the pipeline keys its stats by the digits.</summary>
    public static string NormaliseProductId(string id)
    {
        var digits = id.StartsWith(ProductGidPrefix, StringComparison.Ordinal) ? id[ProductGidPrefix.Length..] : id;
        digits.Should().MatchRegex("^[0-9]+$", "product id '{0}' must be digits or a Product GID", id);
        return digits;
    }

    public static DateOnly UtcDay(JsonElement root) =>
        DateOnly.FromDateTime(DateTimeOffset.Parse(root.GetProperty("timestamp").GetString()!, CultureInfo.InvariantCulture).UtcDateTime);

    public static JsonElement At(this JsonElement element, params string[] path)
    {
        foreach (var name in path) element = element.GetProperty(name);
        return element;
    }
}
