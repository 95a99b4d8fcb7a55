namespace GrainPipeline.Stores.Model;

/// <summary>An order attributed to an ad touch under one model (table <c>attributions</c>); unique per shop, order and model.</summary>
public sealed record Attribution(
    string Shop,
    string OrderId,
    string Model,
    string ClientId,
    decimal Revenue,
    string Currency,
    string Platform,
    string? Campaign,
    string? ClickId,
    DateTimeOffset? ClickedAt,
    DateTimeOffset OrderedAt);

public static class AttributionModels
{
    public const string LastClick = "last_click";
    public const string FirstClick = "first_click";
    /// <summary>Platform recorded for orders with no qualifying touch, so unattributed revenue is still counted.</summary>
    public const string Direct = "direct";
}
