namespace GrainPipeline.Stores.Model;

/// <summary>
/// Cells taken from one partition's product-stat buffer, under an id that is unique forever. The id
/// is what makes the flush exactly-once: the store remembers applied ids, the buffer keeps the batch
/// pending until it is acknowledged.
/// </summary>
public sealed record ProductStatBatch(int Partition, string Id, IReadOnlyList<ProductStatDelta> Cells)
{
    /// <summary>Nothing buffered and nothing pending.</summary>
    public static ProductStatBatch Empty(int partition) => new(partition, "", []);

    public bool IsEmpty => Cells.Count == 0;

    /// <summary>A fresh id for a batch about to be taken (never reused, even when a buffer loses its data).</summary>
    public static string NewId(int partition) =>
        $"{partition.ToString(System.Globalization.CultureInfo.InvariantCulture)}-{Guid.NewGuid():N}";
}
