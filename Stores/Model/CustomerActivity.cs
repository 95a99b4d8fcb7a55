namespace GrainPipeline.Stores.Model;

/// <summary>
/// Activity to fold into a customer profile (table <c>customers</c>): one event's, or several events'
/// of one visitor already folded (<see cref="Then"/>). Applying it is commutative (min/max of times,
/// sums of counts), so background workers may apply in any order.
/// </summary>
/// <param name="SeenAt">When the (earliest) event happened.</param>
public sealed record CustomerActivity(
    string Shop,
    string ClientId,
    DateTimeOffset SeenAt,
    string? Email,
    int Events,
    int Orders,
    decimal Revenue)
{
    /// <summary>When the latest event folded in happened; <see cref="SeenAt"/> for one event.</summary>
    public DateTimeOffset LastSeenAt { get; init; } = SeenAt;

    /// <summary>
    /// This activity and a later one of the same visitor as one: the profile they leave is the one
    /// the two would leave applied one after the other (the later e-mail wins when it has one).
    /// </summary>
    public CustomerActivity Then(CustomerActivity later)
    {
        ArgumentNullException.ThrowIfNull(later);
        if (later.Shop != Shop || later.ClientId != ClientId)
            throw new ArgumentException($"Activity of {later.Shop}:{later.ClientId} cannot fold into {Shop}:{ClientId}.", nameof(later));
        return new CustomerActivity(Shop, ClientId, later.SeenAt < SeenAt ? later.SeenAt : SeenAt, later.Email ?? Email,
            Events + later.Events, Orders + later.Orders, Revenue + later.Revenue)
        {
            LastSeenAt = later.LastSeenAt > LastSeenAt ? later.LastSeenAt : LastSeenAt,
        };
    }
}
