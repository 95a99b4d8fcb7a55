using GrainPipeline.Runtime.Catalog;

namespace GrainPipeline.Runtime.Scheduler;

/// <summary>One unit of work in an activation's mailbox: a grain call or a lifecycle step.</summary>
internal abstract class WorkItem
{
    /// <summary>The next item in the mailbox this one is queued in; owned by <see cref="Mailbox"/>.</summary>
    internal WorkItem? Next;

    /// <summary>Starts the work; the mailbox runs nothing else of this activation until the task completes.</summary>
    public abstract Task Start(ActivationData activation);

    /// <summary>Reports the outcome to whoever waits for it.</summary>
    public abstract void Complete(Task finished);

    /// <summary>Fails the work without running it (e.g. activation failed).</summary>
    public abstract void Fail(Exception error);

    /// <summary>
    /// Takes <paramref name="next"/>, the item queued right behind this one, into this one's turn;
    /// the mailbox then dequeues it. Only calls of a batched method do (<see cref="BatchedGrainCall{TGrain, TArg}"/>).
    /// </summary>
    public virtual bool TryAbsorb(WorkItem next) => false;

    /// <summary>A lifecycle step is never forwarded to a successor activation.</summary>
    public virtual bool IsForwardable => true;

    /// <summary>
    /// A look from outside (the dashboard reading state): it neither keeps the grain alive nor
    /// counts as a call or a turn.
    /// </summary>
    public virtual bool IsDiagnostic => false;
}
