namespace GrainPipeline.Silo.Verification;

/// <summary>What the verifier found when it compared the stores with the generator's ground truth.</summary>
public sealed record VerificationResult(
    long ValidEvents,
    long ExpectedPoison,
    long Stored,
    long Lost,
    long OrderViolations,
    long StatsMismatches,
    long StatCellsChecked,
    long DeadLettered,
    IReadOnlyDictionary<string, long> DeadLettersByReason,
    IReadOnlyList<string> Samples)
{
    /// <summary>Of <see cref="StatsMismatches"/>, the cells with some figure above the truth (or not expected at all): counted twice.</summary>
    public long StatsOverCounted { get; init; }

    public bool Passed => Lost == 0 && OrderViolations == 0 && StatsMismatches == 0;
}
