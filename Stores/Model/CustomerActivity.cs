namespace GrainPipeline.Stores.Model;

/// <summary>
/// One event's contribution to a customer profile (table <c>customers</c>). Applying it is
/// commutative (min/max of times, sums of counts), so background workers may apply in any order.
/// </summary>
public sealed record CustomerActivity(
    string Shop,
    string ClientId,
    DateTimeOffset SeenAt,
    string? Email,
    int Events,
    int Orders,
    decimal Revenue);
