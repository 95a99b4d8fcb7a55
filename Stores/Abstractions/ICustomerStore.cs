using GrainPipeline.Stores.Model;

namespace GrainPipeline.Stores.Abstractions;

public interface ICustomerStore
{
    /// <summary>Folds one event's activity into the profile (commutative; see <see cref="CustomerActivity"/>).</summary>
    Task RecordAsync(CustomerActivity activity, CancellationToken cancellation);

    Task<CustomerProfile?> GetAsync(string shop, string clientId, CancellationToken cancellation);
}
