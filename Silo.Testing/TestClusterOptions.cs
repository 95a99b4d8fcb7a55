using GrainPipeline.Silo.Hosting;

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

    /// <summary>Slows the in-memory stores (memory only).</summary>
    public TimeSpan StoreLatency { get; set; }

    /// <summary>
    /// Memory (the default) shares one in-process store set. <see cref="StoreKind.RedisPostgres"/> starts
    /// private Redis and PostgreSQL servers (<see cref="TestCluster.Servers"/>) that can be taken down and
    /// brought back, and every silo uses them through the production adapters.
    /// </summary>
    public StoreKind Stores { get; set; } = StoreKind.Memory;

    /// <summary>
    /// Replaces ports of the shared store set before any silo starts, e.g. with a decorator that injects
    /// a fault into one call. The cluster still disposes the original set.
    /// </summary>
    public Func<StoreSet, StoreSet>? WrapStores { get; set; }
}
