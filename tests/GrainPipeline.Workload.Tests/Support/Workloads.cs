using GrainPipeline.Workload.Generation;
using GrainPipeline.Workload.Model;

namespace GrainPipeline.Workload.Tests.Support;

/// <summary>Specs shared by the tests, sized to run in well under a second each.</summary>
internal static class Workloads
{
    /// <summary>
    /// Big enough for stable shares (funnel, UTM, Zipf). It starts in the evening so its ~12 simulated
    /// hours cross a UTC midnight and product stats land on two days.
    /// </summary>
    public static readonly WorkloadSpec Medium = new()
    {
        Events = 60_000,
        Users = 5_000,
        Shops = 25,
        Poison = 60,
        BaseTime = WorkloadSpec.DefaultBaseTime.AddHours(20),
    };

    public static readonly WorkloadSpec Small = new() { Events = 5_000, Users = 500, Shops = 10, Poison = 12 };

    private static readonly Lazy<IReadOnlyList<GeneratedRecord>> MediumRecords = new(() => WorkloadGenerator.Generate(Medium).ToList());

    /// <summary>Generated once per test run: many tests only read it.</summary>
    public static IReadOnlyList<GeneratedRecord> MediumRun => MediumRecords.Value;

    public static IEnumerable<GeneratedRecord> Valid(this IEnumerable<GeneratedRecord> records) => records.Where(r => !r.IsPoison);
}
