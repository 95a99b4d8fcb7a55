namespace GrainPipeline.Runtime.Configuration;

/// <summary>Grain storage call bounds (section <c>GrainStorage</c>).</summary>
public sealed class StorageOptions
{
    public const string Section = "GrainStorage";

    /// <summary>Each read, write or clear fails after this long instead of hanging a turn.</summary>
    public TimeSpan CallTimeout { get; set; } = TimeSpan.FromSeconds(5);

    public IEnumerable<string> Validate()
    {
        if (TimerLimits.CheckDelay($"{Section}:CallTimeout", CallTimeout) is { } timeout) yield return timeout;
    }
}
