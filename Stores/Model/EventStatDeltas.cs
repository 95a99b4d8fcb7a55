namespace GrainPipeline.Stores.Model;

/// <summary>One event's product-stat increments, applied once per event id (see <see cref="Abstractions.IProductStatsBuffer.IncrementEachOnceAsync"/>).</summary>
public readonly record struct EventStatDeltas(string EventId, IReadOnlyList<ProductStatDelta> Deltas);
