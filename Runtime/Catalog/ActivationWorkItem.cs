using GrainPipeline.Runtime.Scheduler;

namespace GrainPipeline.Runtime.Catalog;

/// <summary>
/// The first turn of every activation: wait for a slot under MaxActivations, create the grain,
/// read its persistent state, run OnActivateAsync. If it fails, every call queued behind it fails
/// with the same error and the activation is retired, so the next call starts afresh.
/// A storage outage does not fail it: the state read is retried with capped backoff for as long as
/// the outage lasts, and the calls queued behind it wait, in order (failing them would dead-letter
/// every queued event of the user, and retrying them one by one could reorder them). Only a stopping
/// runtime ends the wait: the activation then fails, and so do the calls behind it, so that stopping
/// a silo never waits for its storage to come back.
/// </summary>
internal sealed class ActivationWorkItem(ActivationData activation) : WorkItem
{
    public override bool IsForwardable => false;

    public override async Task Start(ActivationData target)
    {
        var catalog = target.Catalog;
        await catalog.AcquireSlotAsync(target);
        var instance = catalog.Registry.Create(target);
        instance.Context = target;
        foreach (var state in target.States) await ReadThroughOutagesAsync(catalog, target, state);
        using var timeout = new CancellationTokenSource(catalog.Options.ActivationTimeout);
        await instance.OnActivateAsync(timeout.Token);
        target.Instance = instance;
        catalog.OnActivated(target);
    }

    private static readonly TimeSpan FirstBackoff = TimeSpan.FromMilliseconds(100);
    private static readonly TimeSpan MaxBackoff = TimeSpan.FromSeconds(5);

    private static async Task ReadThroughOutagesAsync(GrainCatalog catalog, ActivationData target, Storage.IGrainStateParticipant state)
    {
        var backoff = FirstBackoff;
        while (true)
        {
            using (var timeout = new CancellationTokenSource(catalog.Options.ActivationTimeout))
            {
                try
                {
                    await state.ReadAsync(timeout.Token);
                    return;
                }
                catch (Exception e) when (catalog.Storage.IsTransient(e) || (e is OperationCanceledException && timeout.IsCancellationRequested))
                {
                    catalog.Instruments.StateReadRetried();
                }
            }
            if (catalog.Stopping.IsCancellationRequested) throw GaveUp(target, catalog.Stopping);
            try
            {
                await Task.Delay(backoff, catalog.Stopping);
            }
            catch (OperationCanceledException)
            {
                throw GaveUp(target, catalog.Stopping);
            }
            backoff = TimeSpan.FromTicks(Math.Min(backoff.Ticks * 2, MaxBackoff.Ticks));
        }
    }

    private static OperationCanceledException GaveUp(ActivationData target, CancellationToken stopping) =>
        new($"Activation of {target.GrainId} gave up: the runtime is stopping and its state is still unreadable.", stopping);

    public override void Complete(Task finished)
    {
        if (finished.IsCompletedSuccessfully) return;
        activation.Catalog.RetireFailedActivation(activation, finished.Exception?.GetBaseException() ?? new TaskCanceledException());
    }

    public override void Fail(Exception error)
    {
        // Activation steps are never failed from outside; the activation simply never existed.
    }
}
