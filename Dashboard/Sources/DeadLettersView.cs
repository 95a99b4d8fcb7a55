namespace GrainPipeline.Dashboard.Sources;

/// <summary>Dead letters by reason since start, and the latest ones.</summary>
public sealed record DeadLettersView(long Total, IReadOnlyDictionary<string, long> ByReason, IReadOnlyList<DeadLetterView> Recent);

public sealed record DeadLetterView(DateTimeOffset At, string Key, string Reason, string Detail, string Origin);
