using System.Text.RegularExpressions;

namespace GrainPipeline.Collector.Http;

/// <summary>
/// Checks and normalises a shop name from a URL or a webhook header. The shop is part of every
/// record key, so one shop must always be spelt one way: lower case, a DNS host name
/// (normally <c>name.myshopify.com</c>).
/// </summary>
public static partial class ShopDomain
{
    private const int MaxLength = 253;

    /// <returns>The lower-case domain, or null when it is not a host name.</returns>
    public static string? Normalize(string? shop)
    {
        if (string.IsNullOrEmpty(shop) || shop.Length > MaxLength) return null;
        var lower = shop.ToLowerInvariant();
        return HostName().IsMatch(lower) ? lower : null;
    }

    [GeneratedRegex(@"^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)+$", RegexOptions.CultureInvariant)]
    private static partial Regex HostName();
}
