using GrainPipeline.Grains.Events;

namespace GrainPipeline.Grains.Stages;

/// <summary>
/// Stages 4 and 5 of a turn's events (a <see cref="BackgroundBatch"/>) as one background item: the
/// customer profile, the weekly visitor and the product stats. They touch different stores and do
/// not depend on each other, so the three writes run side by side, and one queue hand-off is paid
/// instead of one per stage (each hand-off is a thread-pool dispatch). All are always awaited.
/// </summary>
/// <remarks>
/// An outage or a cut-off fails the item, so every event of it. A write the events shared that
/// failed for good (a stage that gave up: <see cref="StageFailedException"/>) may be one event's
/// bad data, so the failed writes are made again one event at a time, and each event ends with its
/// own outcome (<see cref="SplitOutcomeException"/>). As stage 1 does with a bad row in a run.
/// </remarks>
public sealed class BackgroundStages(CustomerStage customer, ProductStatsStage productStats)
{
    /// <summary>What the pool counts an error under when neither stage's runner already did.</summary>
    public const string Name = CustomerStage.Name + "+" + ProductStatsStage.Name;

    public Task RunAsync(BackgroundBatch batch)
    {
        ArgumentNullException.ThrowIfNull(batch);
        var profile = customer.RecordProfileAsync(batch);
        var visitor = customer.AddVisitorAsync(batch);
        var stats = productStats.RunAsync(batch);
        // With in-memory stores all usually finish synchronously: no combined task needed.
        if (profile.IsCompletedSuccessfully && visitor.IsCompletedSuccessfully && stats.IsCompletedSuccessfully) return Task.CompletedTask;
        return FinishAsync(batch, profile, visitor, stats);
    }

    private async Task FinishAsync(BackgroundBatch batch, Task profile, Task visitor, Task stats)
    {
        try
        {
            await Task.WhenAll(profile, visitor, stats);
            return;
        }
        catch when (batch.Events.Count > 1 && !batch.CutOff.IsCancellationRequested && NotAnOutage(profile) && NotAnOutage(visitor) && NotAnOutage(stats))
        {
            // Whose data failed the shared write is found below.
        }
        await RunOneByOneAsync(batch, profile.IsFaulted, visitor.IsFaulted, stats.IsFaulted);
    }

    /// <summary>Whether a write succeeded or gave up on an error that is not an outage.</summary>
    private static bool NotAnOutage(Task write) => !write.IsFaulted || write.Exception!.InnerException is StageFailedException;

    /// <summary>
    /// Makes the failed writes again for each event alone. Only the failed ones: the others were
    /// made, and a profile fold cannot tell a repeat (stats and weekly visitors can).
    /// </summary>
    private async Task RunOneByOneAsync(BackgroundBatch batch, bool profileFailed, bool visitorFailed, bool statsFailed)
    {
        var errors = new Exception?[batch.Events.Count];
        for (var i = 0; i < errors.Length; i++)
        {
            var single = batch.Only(i);
            try
            {
                if (profileFailed) await customer.RecordProfileAsync(single);
                if (visitorFailed) await customer.AddVisitorAsync(single);
                if (statsFailed) await productStats.RunAsync(single);
            }
            catch (Exception e)
            {
                errors[i] = e;
            }
        }
        if (Array.Exists(errors, e => e is not null)) throw new SplitOutcomeException(errors);
    }
}
