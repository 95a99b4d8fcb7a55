namespace GrainPipeline.Stores.Model;

/// <summary>An ad click or UTM-tagged landing (table <c>ad_leads</c>); unique per shop, client and click.</summary>
public sealed record AdLead(
    string Shop,
    string ClientId,
    string ClickKey,
    string Platform,
    string? ClickIdName,
    string? ClickId,
    string? UtmSource,
    string? UtmMedium,
    string? UtmCampaign,
    string? UtmTerm,
    string? UtmContent,
    string LandingUrl,
    DateTimeOffset ClickedAt);
