using GrainPipeline.Stores.Model;

namespace GrainPipeline.Grains.Stages;

/// <summary>
/// Stages 4 and 5 of one event as one background item. They touch different stores and do not
/// depend on each other, so they run side by side, and one queue hand-off per event is paid instead
/// of one per stage (each hand-off is a thread-pool dispatch). A failure of either fails the item
/// with that stage's error; both are always awaited.
/// </summary>
public sealed class BackgroundStages(CustomerStage customer, ProductStatsStage productStats)
{
    /// <summary>What the pool counts an error under when neither stage's runner already did.</summary>
    public const string Name = CustomerStage.Name + "+" + ProductStatsStage.Name;

    /// <param name="isNew">False for an event indexed before (see <see cref="IndexOutcome.AlreadyIndexed"/>).</param>
    /// <param name="addVisitor">False when the visitor is already in its week's set.</param>
    /// <param name="cutOff">The event's <see cref="PipelineEvent.CutOff"/>.</param>
    public Task RunAsync(CustomerActivity activity, bool isNew, bool addVisitor, int partition, string eventId, IReadOnlyList<ProductStatDelta> deltas,
        CancellationToken cutOff = default)
    {
        var customerRun = customer.RunAsync(activity, isNew, addVisitor, cutOff);
        var statsRun = productStats.RunAsync(partition, eventId, deltas, cutOff);
        // With in-memory stores both usually finish synchronously: no combined task needed.
        if (customerRun.IsCompletedSuccessfully) return statsRun;
        if (statsRun.IsCompletedSuccessfully) return customerRun;
        return Task.WhenAll(customerRun, statsRun);
    }
}
