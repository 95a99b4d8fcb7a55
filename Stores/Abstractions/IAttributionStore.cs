using GrainPipeline.Stores.Model;

namespace GrainPipeline.Stores.Abstractions;

public interface IAttributionStore
{
    /// <summary>Inserts or replaces the attribution of one order under one model.</summary>
    Task UpsertAsync(Attribution attribution, CancellationToken cancellation);
}
