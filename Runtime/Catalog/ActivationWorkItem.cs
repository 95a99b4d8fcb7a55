using GrainPipeline.Runtime.Scheduler;

namespace GrainPipeline.Runtime.Catalog;

/// <summary>
/// The first turn of every activation: wait for a slot under MaxActivations, create the grain,
/// read its persistent state, run OnActivateAsync. If it fails, every call queued behind it fails
/// with the same error and the activation is retired, so the next call starts afresh.
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
        using var timeout = new CancellationTokenSource(catalog.Options.ActivationTimeout);
        foreach (var state in target.States) await state.ReadAsync(timeout.Token);
        await instance.OnActivateAsync(timeout.Token);
        target.Instance = instance;
        catalog.OnActivated(target);
    }

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
