namespace GrainPipeline.Workload.Generation;

/// <summary>
/// Deterministic identifiers shaped like the real ones. Uniqueness comes from a bijective 64-bit value
/// spread over bits the UUID version and variant never overwrite, so it holds by construction, not by luck.
/// </summary>
internal static class Identifiers
{
    /// <summary>A version-4-shaped UUID whose first 32 and last 32 bits carry <paramref name="unique"/>.</summary>
    public static string Uuid(ulong unique)
    {
        var filler = StableHash.Mix(unique ^ 0xA5A5A5A5A5A5A5A5UL);
        var timeLow = (uint)(unique >> 32);
        var timeMid = (ushort)filler;
        var timeHigh = (ushort)(0x4000 | ((filler >> 16) & 0x0FFF));
        var clockSeq = (ushort)(0x8000 | ((filler >> 28) & 0x3FFF));
        var nodeHigh = (ushort)(filler >> 48);
        var nodeLow = (uint)unique;
        return $"{timeLow:x8}-{timeMid:x4}-{timeHigh:x4}-{clockSeq:x4}-{nodeHigh:x4}{nodeLow:x8}";
    }

    /// <summary>Lower-case hex of a hash, for tokens and line-item ids.</summary>
    public static string Hex(ulong value, int digits) => value.ToString("x16", System.Globalization.CultureInfo.InvariantCulture)[..digits];

    /// <summary>Pixel product ids are sometimes GIDs; the pipeline normalises both forms to the digits.</summary>
    public static string ProductGid(long productId) => "gid://shopify/Product/" + Digits(productId);

    public static string VariantGid(long variantId) => "gid://shopify/ProductVariant/" + Digits(variantId);

    public static string Digits(long value) => value.ToString(System.Globalization.CultureInfo.InvariantCulture);
}
