using GrainPipeline.Grains.Events;
using GrainPipeline.Grains.Shopify;
using GrainPipeline.Grains.User;
using GrainPipeline.Stores.Abstractions;
using GrainPipeline.Stores.Model;

namespace GrainPipeline.Grains.Stages;

/// <summary>Stage 2: a landing URL with an ad click id or UTM tags becomes an ad lead, stored and remembered.</summary>
public sealed class AdLeadStage(IAdLeadStore leads, StageRunner runner, StageOptions options)
{
    public const string Name = "ad-lead";

    public async Task RunAsync(PipelineEvent evt, UserState state)
    {
        if (evt.Name != EventNames.PageViewed) return;
        var href = JsonRead.String(evt.Payload, "context", "document", "location", "href");
        if (LandingUrl.Read(href) is not { } click) return;
        var lead = new AdLead(evt.Shop, evt.ClientId, click.ClickKey, click.Platform, click.ClickIdName, click.ClickId,
            click.UtmSource, click.UtmMedium, click.UtmCampaign, click.UtmTerm, click.UtmContent, href!, evt.OccurredAt);
        await runner.RunAsync(Name, StoreNames.AdLeads, options.AdLeadTimeout, lead, leads.UpsertAsync, evt.CutOff);
        state.AddTouch(new AdTouch(click.Platform, click.UtmCampaign, click.ClickId, evt.OccurredAt));
    }
}
