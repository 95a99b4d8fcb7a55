namespace GrainPipeline.Workload.Generation;

/// <summary>One browser: the pixel's anonymous <see cref="ClientId"/> plus what its events reveal about it.</summary>
internal sealed record SimulatedUser(
    int Index,
    int ShopIndex,
    string Shop,
    string ClientId,
    string Language,
    string UserAgent,
    string Email,
    BuyerAddress Address)
{
    /// <summary>The record key of the contract: <c>{shop}:{clientId}</c>.</summary>
    public string Key => Shop + ":" + ClientId;
}
