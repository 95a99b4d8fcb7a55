namespace GrainPipeline.Ingest.DeadLetters;

/// <summary>Reason codes written to the <c>gp-error</c> header of a dead letter.</summary>
public static class DeadLetterReasons
{
    public const string EmptyValue = "empty-value";
    public const string Oversized = "oversized";
    public const string MissingKey = "missing-key";
    public const string BadKey = "bad-key";
    public const string UnknownSource = "unknown-source";
    public const string InvalidJson = "invalid-json";
    public const string MissingEventId = "missing-event-id";
    public const string MissingField = "missing-field";
    public const string WrongFieldType = "wrong-field-type";
    public const string UnknownEventName = "unknown-event-name";
    public const string KeyMismatch = "key-mismatch";
    public const string StageFailed = "stage-failed";
}
