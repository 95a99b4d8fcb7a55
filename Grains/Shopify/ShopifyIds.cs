namespace GrainPipeline.Grains.Shopify;

/// <summary>Shopify ids arrive as digits or as GIDs (<c>gid://shopify/Product/123</c>); stores keep the digits.</summary>
internal static class ShopifyIds
{
    public static string? Normalize(string? raw)
    {
        if (string.IsNullOrWhiteSpace(raw)) return null;
        var slash = raw.LastIndexOf('/');
        var tail = slash >= 0 ? raw[(slash + 1)..] : raw;
        var query = tail.IndexOf('?', StringComparison.Ordinal);
        return query >= 0 ? tail[..query] : tail;
    }
}
