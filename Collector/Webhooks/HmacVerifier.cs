using System.Security.Cryptography;
using System.Text;

namespace GrainPipeline.Collector.Webhooks;

/// <summary>
/// Verifies Shopify's <c>X-Shopify-Hmac-Sha256</c>: base64 of HMAC-SHA256 over the raw body bytes,
/// keyed with the app's client secret. Several secrets are accepted so a secret can be rotated
/// without refusing deliveries signed with the old one. Comparisons are constant-time, and every
/// secret is tried even after a match, so timing tells an attacker nothing about which one matched.
/// </summary>
public sealed class HmacVerifier
{
    private const int HashBytes = 32;
    private readonly byte[][] _keys;

    public HmacVerifier(IEnumerable<string> secrets)
    {
        ArgumentNullException.ThrowIfNull(secrets);
        _keys = secrets.Where(s => !string.IsNullOrEmpty(s)).Select(Encoding.UTF8.GetBytes).ToArray();
    }

    /// <summary>False when no secret is configured: then no delivery can be authentic.</summary>
    public bool HasSecrets => _keys.Length > 0;

    /// <param name="body">The body exactly as received; any re-encoding breaks the signature.</param>
    /// <param name="signatureHeader">The X-Shopify-Hmac-Sha256 header value, or null when absent.</param>
    public bool Verify(ReadOnlySpan<byte> body, string? signatureHeader)
    {
        if (string.IsNullOrWhiteSpace(signatureHeader) || _keys.Length == 0) return false;
        Span<byte> expected = stackalloc byte[HashBytes];
        if (!Convert.TryFromBase64String(signatureHeader.Trim(), expected, out var written) || written != HashBytes) return false;

        Span<byte> computed = stackalloc byte[HashBytes];
        var match = false;
        foreach (var key in _keys)
        {
            HMACSHA256.HashData(key, body, computed);
            match |= CryptographicOperations.FixedTimeEquals(computed, expected);
        }
        return match;
    }

    /// <summary>The header value Shopify would send for <paramref name="body"/> signed with <paramref name="secret"/>.</summary>
    public static string Sign(ReadOnlySpan<byte> body, string secret)
    {
        ArgumentNullException.ThrowIfNull(secret);
        return Convert.ToBase64String(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), body));
    }
}
