namespace GrainPipeline.Silo.Bench;

/// <summary>What one bench run measures and where it keeps its files.</summary>
/// <param name="Stores">memory (B0 and the in-memory pipeline) or redis-postgres (the same, then the pipeline on Redis and PostgreSQL).</param>
/// <param name="StoreConfiguration">The bench's <c>--redis</c>/<c>--postgres</c> as configuration keys; empty = private servers unless configured elsewhere.</param>
/// <param name="Environment">Given to every consumer process.</param>
internal sealed record BenchSettings(
    long MemoryEvents,
    long ThroughputEvents,
    int Users,
    int Shops,
    int Seed,
    string Stores,
    IReadOnlyDictionary<string, string?> StoreConfiguration,
    string WorkDirectory,
    IReadOnlyDictionary<string, string> Environment)
{
    /// <summary>Events pre-filled for the throughput runs unless asked otherwise: within the embedded broker's retention at 64 partitions.</summary>
    public const long DefaultThroughputEvents = 150_000;

    /// <summary>Partitions for the pre-filled runs: enough that the backlog stays inside the broker's ~5 MiB a partition.</summary>
    public int DrainPartitions => 64;

    public int ConcurrentPartitions => 12;
}
