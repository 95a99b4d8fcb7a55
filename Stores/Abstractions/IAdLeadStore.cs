using GrainPipeline.Stores.Model;

namespace GrainPipeline.Stores.Abstractions;

public interface IAdLeadStore
{
    /// <summary>Inserts or replaces the lead with the same shop, client and click key.</summary>
    Task UpsertAsync(AdLead lead, CancellationToken cancellation);
}
