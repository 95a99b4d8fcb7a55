using GrainPipeline.Workload.Model;

namespace GrainPipeline.Workload.Generation;

/// <summary>
/// Deterministic Shopify Web Pixel traffic: a pure function of a <see cref="WorkloadSpec"/>. Records are
/// produced lazily in bounded memory, so a run of any length can be streamed straight into Kafka, and
/// enumerating twice gives the same bytes (a verifier recomputes expectations from a second pass).
/// </summary>
public static class WorkloadGenerator
{
    /// <summary>
    /// Exactly <see cref="WorkloadSpec.Events"/> records, of which <see cref="WorkloadSpec.Poison"/> are
    /// poison spread evenly through the stream. Validates the spec at once (not on first MoveNext).
    /// </summary>
    /// <exception cref="ArgumentException">The spec is invalid; the message names the offending flags.</exception>
    public static IEnumerable<GeneratedRecord> Generate(WorkloadSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        spec.Validate();
        return Enumerate(spec);
    }

    private static IEnumerable<GeneratedRecord> Enumerate(WorkloadSpec spec)
    {
        // Created per enumeration: each foreach starts from the seed, which is what makes Generate pure.
        using var run = new GenerationRun(spec);
        foreach (var record in run.Records()) yield return record;
    }
}
