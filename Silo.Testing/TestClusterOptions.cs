namespace GrainPipeline.Silo.Testing;

/// <summary>Shape of a <see cref="TestCluster"/>: silos, partitions, and configuration shared by every silo.</summary>
public sealed class TestClusterOptions
{
    public int InitialSilos { get; set; } = 3;
    public int Partitions { get; set; } = 12;

    /// <summary>Extra configuration keys for every silo (e.g. <c>Runtime:MaxActivations</c>).</summary>
    public Dictionary<string, string?> Configuration { get; } = new(StringComparer.OrdinalIgnoreCase)
    {
        // Short enough that a killed member's partitions move within seconds; commits often, so a
        // graceful hand-over leaves little to replay.
        ["Ingest:SessionTimeoutMs"] = "6000",
        ["Ingest:CommitInterval"] = "00:00:00.200",
        ["Ingest:DrainTimeout"] = "00:00:20",
    };

    public TimeSpan StoreLatency { get; set; }
}
