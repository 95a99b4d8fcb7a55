namespace GrainPipeline.Grains.Stages;

/// <summary>
/// Stages 4 and 5 of a turn's events (a <see cref="BackgroundBatch"/>) as one background item. They
/// touch different stores and do not depend on each other, so they run side by side, and one queue
/// hand-off is paid instead of one per stage (each hand-off is a thread-pool dispatch). A failure of
/// either fails the item with that stage's error; both are always awaited.
/// </summary>
public sealed class BackgroundStages(CustomerStage customer, ProductStatsStage productStats)
{
    /// <summary>What the pool counts an error under when neither stage's runner already did.</summary>
    public const string Name = CustomerStage.Name + "+" + ProductStatsStage.Name;

    public Task RunAsync(BackgroundBatch batch)
    {
        ArgumentNullException.ThrowIfNull(batch);
        var customerRun = customer.RunAsync(batch);
        var statsRun = productStats.RunAsync(batch);
        // With in-memory stores both usually finish synchronously: no combined task needed.
        if (customerRun.IsCompletedSuccessfully) return statsRun;
        if (statsRun.IsCompletedSuccessfully) return customerRun;
        return Task.WhenAll(customerRun, statsRun);
    }
}
