namespace GrainPipeline.Stores.Redis.Storage;

/// <summary>
/// Revenue in the buffer is an integer count of 1/10,000 of the currency unit, so HINCRBY adds it
/// exactly (floats would not). Every ISO 4217 currency has at most 3 decimals, so real amounts are
/// exact; a value with more than 4 decimals is rounded half-to-even at the 4th.
/// </summary>
internal static class RevenueUnits
{
    public const decimal PerUnit = 10_000m;

    public static long ToUnits(decimal revenue) => (long)decimal.Round(revenue * PerUnit, 0, MidpointRounding.ToEven);

    public static decimal FromUnits(long units) => units / PerUnit;
}
