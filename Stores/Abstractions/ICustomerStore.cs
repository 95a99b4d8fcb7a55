using GrainPipeline.Stores.Model;

namespace GrainPipeline.Stores.Abstractions;

public interface ICustomerStore
{
    /// <summary>Folds activity (one event's, or a visitor's events' folded) into the profile (commutative; see <see cref="CustomerActivity"/>).</summary>
    Task RecordAsync(CustomerActivity activity, CancellationToken cancellation);

    Task<CustomerProfile?> GetAsync(string shop, string clientId, CancellationToken cancellation);
}
