using GrainPipeline.Runtime.Scheduler;

namespace GrainPipeline.Runtime.Catalog;

/// <summary>
/// The last turn of an activation: OnDeactivateAsync (where grains write dirty state), then the
/// catalog retires the activation and hands anything queued behind this step to a successor.
/// </summary>
internal sealed class DeactivationWorkItem(DeactivationReason reason, CancellationToken bulkDeadline) : WorkItem
{
    private readonly TaskCompletionSource _done = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public DeactivationReason Reason => reason;

    /// <summary>Completes when the activation is gone (its state written, if the grain wrote it).</summary>
    public Task Completion => _done.Task;

    public override bool IsForwardable => false;

    public override async Task Start(ActivationData activation)
    {
        try
        {
            if (activation.Instance is { } grain)
            {
                var slots = activation.Catalog.DeactivationSlots;
                await slots.WaitAsync();
                try
                {
                    // Its own bound, and the bound of the stop or hand-over that asked for it, if any.
                    using var timeout = CancellationTokenSource.CreateLinkedTokenSource(bulkDeadline);
                    timeout.CancelAfter(activation.Catalog.Options.DeactivationTimeout);
                    await grain.OnDeactivateAsync(reason, timeout.Token);
                }
                finally
                {
                    slots.Release();
                }
            }
        }
        catch (Exception error)
        {
            activation.Catalog.ReportDeactivationFailed(activation, error, reason);
            throw;
        }
        finally
        {
            activation.Catalog.Retire(activation, reason);
        }
    }

    public override void Complete(Task finished)
    {
        if (finished.IsCompletedSuccessfully) _done.TrySetResult();
        else _done.TrySetException(finished.Exception?.InnerExceptions ?? [new TaskCanceledException()]);
    }

    /// <summary>
    /// The activation failed before this step could run, so it is already gone: that is what a
    /// deactivation waits for, and the activation's error belongs to the calls, not to the requester.
    /// </summary>
    public override void Fail(Exception error) => _done.TrySetResult();

    /// <summary>The mailbox was closed before this step got in: the activation is already gone.</summary>
    public void CompleteAsGone() => _done.TrySetResult();
}
