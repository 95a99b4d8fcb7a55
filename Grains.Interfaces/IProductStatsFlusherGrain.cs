using GrainPipeline.Runtime;

namespace GrainPipeline.Grains;

/// <summary>
/// Moves one Kafka partition's product-stat buffer into the product_stats store in batches
/// (key = partition number). Woken by a reminder; one flush at a time; a final flush on deactivate.
/// </summary>
public interface IProductStatsFlusherGrain : IGrainWithStringKey, IRemindable
{
    /// <summary>Flushes until the buffer is empty; returns the number of buffer keys moved.</summary>
    Task<int> Flush();
}
