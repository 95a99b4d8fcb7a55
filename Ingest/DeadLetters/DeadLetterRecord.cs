namespace GrainPipeline.Ingest.DeadLetters;

/// <summary>One acknowledged dead letter as the dashboard lists it: when, the record key, why, and where it came from.</summary>
public sealed record DeadLetterRecord(DateTimeOffset At, string Key, string Reason, string Detail, string Origin);
