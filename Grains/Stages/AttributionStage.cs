using GrainPipeline.Grains.Events;
using GrainPipeline.Grains.Shopify;
using GrainPipeline.Grains.User;
using GrainPipeline.Stores.Abstractions;
using GrainPipeline.Stores.Model;

namespace GrainPipeline.Grains.Stages;

/// <summary>
/// Stage 3: a completed checkout is attributed from the grain's own touches — never a stale copy —
/// under last click (within the window) and first click. Orders with no touch are stored as direct.
/// </summary>
public sealed class AttributionStage(IAttributionStore attributions, StageRunner runner, StageOptions options)
{
    public const string Name = "attribution";

    public async Task RunAsync(PipelineEvent evt, UserState state)
    {
        if (evt.Name != EventNames.CheckoutCompleted) return;
        if (CompletedCheckout.Read(evt.Payload) is not { } order) return;
        state.Orders++;
        var windowStart = evt.OccurredAt - options.AttributionWindow;
        var last = state.AdTouches.LastOrDefault(t => t.At >= windowStart && t.At <= evt.OccurredAt);
        var first = state.FirstTouch is { } f && f.At >= windowStart && f.At <= evt.OccurredAt ? f : null;
        await runner.RunAsync(Name, StoreNames.Attributions, options.AttributionTimeout, Row(evt, order, AttributionModels.LastClick, last), attributions.UpsertAsync, evt.CutOff);
        await runner.RunAsync(Name, StoreNames.Attributions, options.AttributionTimeout, Row(evt, order, AttributionModels.FirstClick, first), attributions.UpsertAsync, evt.CutOff);
    }

    private static Attribution Row(PipelineEvent evt, CompletedCheckout order, string model, AdTouch? touch) =>
        new(evt.Shop, order.OrderId, model, evt.ClientId, order.Revenue, order.Currency,
            touch?.Platform ?? AttributionModels.Direct, touch?.Campaign, touch?.ClickId, touch?.At, evt.OccurredAt);
}
