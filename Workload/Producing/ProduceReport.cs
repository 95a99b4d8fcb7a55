namespace GrainPipeline.Workload.Producing;

/// <summary>
/// The outcome of one producing run. Every record handed to the producer ends up in exactly one of
/// <see cref="Produced"/> (acknowledged by the broker) and <see cref="Failed"/> (refused, errored or not
/// acknowledged before the flush timeout), so nothing is unaccounted for.
/// </summary>
/// <param name="Produced">Records the broker acknowledged (<see cref="Valid"/> + <see cref="Poison"/>).</param>
/// <param name="Valid">Acknowledged valid events.</param>
/// <param name="Poison">Acknowledged poison records.</param>
/// <param name="Failed">Records that did not make it; see <see cref="FailureReasons"/>.</param>
/// <param name="Elapsed">From the first record to the end of the final flush.</param>
public sealed record ProduceReport(long Produced, long Valid, long Poison, long Failed, TimeSpan Elapsed)
{
    /// <summary>Records taken from the source: <see cref="Produced"/> + <see cref="Failed"/>.</summary>
    public long Attempted { get; init; }

    /// <summary>Time spent waiting for consumers to catch up (backlog above the max lag).</summary>
    public TimeSpan PausedForLag { get; init; }

    /// <summary>The run was stopped by its cancellation token before the source was exhausted.</summary>
    public bool Cancelled { get; init; }

    /// <summary>Failure counts by reason (librdkafka error code or <c>flush-timeout</c>).</summary>
    public IReadOnlyDictionary<string, long> FailureReasons { get; init; } = new Dictionary<string, long>();

    public double RecordsPerSecond => Elapsed > TimeSpan.Zero ? Produced / Elapsed.TotalSeconds : 0;
}
