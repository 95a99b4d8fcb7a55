namespace GrainPipeline.Silo.Bench;

/// <summary>What one bench run measures and where it keeps its files.</summary>
internal sealed record BenchSettings(
    long MemoryEvents,
    long ThroughputEvents,
    int Users,
    int Shops,
    int Seed,
    string Stores,
    string SiloArguments,
    string WorkDirectory,
    IReadOnlyDictionary<string, string> Environment)
{
    /// <summary>Partitions for the pre-filled runs: enough that the backlog stays inside the broker's ~5 MiB a partition.</summary>
    public int DrainPartitions => 64;

    public int ConcurrentPartitions => 12;
}
