namespace GrainPipeline.Runtime.Configuration;

/// <summary>Grain storage call bounds (section <c>GrainStorage</c>).</summary>
public sealed class StorageOptions
{
    public const string Section = "GrainStorage";

    /// <summary>Each read, write or clear fails after this long instead of hanging a turn.</summary>
    public TimeSpan CallTimeout { get; set; } = TimeSpan.FromSeconds(5);

    public IEnumerable<string> Validate()
    {
        if (CallTimeout <= TimeSpan.Zero) yield return $"{Section}:CallTimeout must be positive (got {CallTimeout}).";
    }
}
