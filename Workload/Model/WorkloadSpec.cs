using System.Globalization;

namespace GrainPipeline.Workload.Model;

/// <summary>
/// Everything that decides a workload. The generator is a pure function of this record: the same spec
/// gives byte-identical records, which is what lets a verifier recompute the expected analytics.
/// </summary>
public sealed record WorkloadSpec
{
    public const double DefaultZipfExponent = 1.1;
    public const int DefaultSeed = 42;

    /// <summary>Users cost O(1) memory each (Zipf CDF, last timestamp); this keeps that under ~200 MB.</summary>
    public const int MaxUsers = 10_000_000;

    /// <summary>Product ids are derived from the shop index with room for 100 products per shop.</summary>
    public const int MaxShops = 100_000;

    public const double MaxZipfExponent = 5.0;

    /// <summary>
    /// A fixed start so event values never depend on when the generator runs (no clock reads).
    /// </summary>
    public static readonly DateTimeOffset DefaultBaseTime = new(2026, 11, 1, 0, 0, 0, TimeSpan.Zero);

    /// <summary>Total records to emit, poison included.</summary>
    public required long Events { get; init; }

    public required int Users { get; init; }

    public required int Shops { get; init; }

    /// <summary>Skew of user activity: user rank r gets weight 1/r^s; 0 means uniform.</summary>
    public double ZipfExponent { get; init; } = DefaultZipfExponent;

    /// <summary>How many of <see cref="Events"/> are deliberately bad records.</summary>
    public long Poison { get; init; }

    public int Seed { get; init; } = DefaultSeed;

    public DateTimeOffset BaseTime { get; init; } = DefaultBaseTime;

    /// <summary>Records that are real pixel events (the rest are poison).</summary>
    public long ValidEvents => Events - Poison;

    /// <summary>Every problem with this spec, each naming the command-line flag that sets the value.</summary>
    public IReadOnlyList<string> Problems()
    {
        var problems = new List<string>();
        if (Events < 1)
            problems.Add(Invariant($"--events must be at least 1 (got {Events})"));
        if (Users is < 1 or > MaxUsers)
            problems.Add(Invariant($"--users must be between 1 and {MaxUsers} (got {Users})"));
        if (Shops is < 1 or > MaxShops)
            problems.Add(Invariant($"--shops must be between 1 and {MaxShops} (got {Shops})"));
        else if (Users >= 1 && Shops > Users)
            problems.Add(Invariant($"--shops ({Shops}) must not exceed --users ({Users}): every shop needs at least one visitor"));
        if (!double.IsFinite(ZipfExponent) || ZipfExponent < 0 || ZipfExponent > MaxZipfExponent)
            problems.Add(Invariant($"--zipf must be a number between 0 and {MaxZipfExponent} (got {ZipfExponent})"));
        if (Poison < 0 || (Events >= 1 && Poison > Events))
            problems.Add(Invariant($"--poison must be between 0 and --events ({Events}) (got {Poison})"));
        if (BaseTime.Year is < 2000 or > 9000)
            problems.Add(Invariant($"the base time must lie between the years 2000 and 9000 (got {BaseTime:O})"));
        return problems;
    }

    /// <summary>Throws <see cref="ArgumentException"/> listing every problem, or returns quietly.</summary>
    public void Validate()
    {
        var problems = Problems();
        if (problems.Count > 0)
            throw new ArgumentException("Invalid workload: " + string.Join("; ", problems));
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
