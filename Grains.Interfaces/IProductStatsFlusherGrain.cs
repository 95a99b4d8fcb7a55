using GrainPipeline.Runtime;

namespace GrainPipeline.Grains;

/// <summary>
/// Moves one Kafka partition's product-stat buffer into the product_stats store in batches
/// (key = partition number). Woken by a reminder; one flush at a time; a final flush on deactivate.
/// </summary>
public interface IProductStatsFlusherGrain : IGrainWithStringKey, IRemindable
{
    /// <summary>
    /// Flushes until the buffer is empty or one flusher period has passed (the rest waits for the
    /// next flush); returns the number of buffer keys moved.
    /// </summary>
    Task<int> Flush();

    /// <summary>
    /// The partition leaves this silo: one last flush, bounded by the flusher's hand-over timeout
    /// (what is left stays buffered for the next owner), then the activation deactivates.
    /// </summary>
    Task<int> HandOver();
}
