namespace GrainPipeline.Workload.Poison;

/// <summary>
/// The kinds of bad record the workload mixes in, one per way real input goes wrong. Each should end
/// in the dead-letter topic with a reason, never crash the pipeline or vanish; the names are stable
/// so tests and the verifier can count dead letters per kind.
/// </summary>
public static class PoisonKinds
{
    /// <summary>The value is not JSON at all (a body cut off mid-object).</summary>
    public const string InvalidJson = "invalid-json";

    /// <summary>A well-formed event with a null record key, so it cannot be routed to a user.</summary>
    public const string MissingKey = "missing-key";

    /// <summary>An event without <c>id</c>: nothing to deduplicate on.</summary>
    public const string MissingEventId = "missing-event-id";

    /// <summary>A standard event whose <c>name</c> is not a known Web Pixel event.</summary>
    public const string UnknownEventName = "unknown-event-name";

    /// <summary>Valid JSON over 1 MiB: bigger than any real pixel event, and than many broker defaults.</summary>
    public const string Oversized = "oversized";

    /// <summary>Fields of the wrong JSON type, such as <c>"id": 123</c> or <c>"timestamp": true</c>.</summary>
    public const string WrongFieldTypes = "wrong-field-types";

    /// <summary>The rotation order: the k-th poison record has kind <c>All[k % All.Count]</c>.</summary>
    public static IReadOnlyList<string> All { get; } =
        [InvalidJson, MissingKey, MissingEventId, UnknownEventName, Oversized, WrongFieldTypes];
}
