namespace GrainPipeline.Workload.Generation;

/// <summary>
/// Pixel money amounts are JSON numbers with two decimals (<c>729.95</c>). Keeping every amount at
/// scale 2 makes the JSON read like Shopify's and keeps sums exact for the expected revenue.
/// </summary>
internal static class Money
{
    /// <summary>Rounds half away from zero to cents and forces scale 2 (so 25 is written as 25.00).</summary>
    public static decimal Amount(decimal value) => decimal.Round(value, 2, MidpointRounding.AwayFromZero) + 0.00m;
}
