namespace GrainPipeline.Runtime.Storage;

/// <summary>The stored ETag was not the one the writer expected: another activation wrote in between.</summary>
public sealed class InconsistentStateException(string message, string? storedEtag, string? expectedEtag) : Exception(message)
{
    public string? StoredEtag => storedEtag;
    public string? ExpectedEtag => expectedEtag;

    public static InconsistentStateException For(string stateName, GrainId grainId, string? stored, string? expected) =>
        new($"ETag conflict on state '{stateName}' of {grainId}: stored {stored ?? "<none>"}, expected {expected ?? "<none>"}", stored, expected);
}
