using GrainPipeline.Stores.Model;

namespace GrainPipeline.Stores.Abstractions;

/// <summary>
/// Short-lived product-stat counters (Redis in cluster mode), one buffer per Kafka partition, so
/// that the partition's flusher is the only reader.
/// </summary>
public interface IProductStatsBuffer
{
    Task IncrementAsync(int partition, IReadOnlyList<ProductStatDelta> deltas, CancellationToken cancellation);

    /// <summary>Atomically takes (reads and deletes) up to <paramref name="maxKeys"/> cells of one partition's buffer.</summary>
    Task<IReadOnlyList<ProductStatDelta>> TakeBatchAsync(int partition, int maxKeys, CancellationToken cancellation);
}
