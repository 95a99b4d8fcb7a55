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
    public bool Passed => Lost == 0 && OrderViolations == 0 && StatsMismatches == 0;
}
