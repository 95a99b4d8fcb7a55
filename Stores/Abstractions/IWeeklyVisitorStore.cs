namespace GrainPipeline.Stores.Abstractions;

public interface IWeeklyVisitorStore
{
    /// <summary>Adds the client to the shop's unique visitors of the ISO week starting on <paramref name="weekStart"/> (idempotent).</summary>
    Task AddAsync(string shop, DateOnly weekStart, string clientId, CancellationToken cancellation);

    Task<long> CountAsync(string shop, DateOnly weekStart, CancellationToken cancellation);
}
