using GrainPipeline.Runtime.Catalog;

namespace GrainPipeline.Runtime;

/// <summary>
/// Base class of every grain, as in Orleans: one activation per key at a time, one turn at a time.
/// The runtime sets <see cref="Context"/> before <see cref="OnActivateAsync"/> runs.
/// </summary>
public abstract class Grain
{
    private IGrainContext? _context;

    /// <summary>The activation this instance belongs to.</summary>
    protected internal IGrainContext Context
    {
        get => _context ?? throw new InvalidOperationException("The grain has not been activated by the runtime yet.");
        internal set => _context = value;
    }

    public GrainId GrainId => Context.GrainId;

    public string GetPrimaryKeyString() => Context.GrainId.Key;

    protected IGrainFactory GrainFactory => Context.GrainFactory;

    /// <summary>Runs once, inside the first turn, after persistent state was read.</summary>
    public virtual Task OnActivateAsync(CancellationToken cancellation) => Task.CompletedTask;

    /// <summary>Runs once, as the last turn; write dirty state here.</summary>
    public virtual Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellation) => Task.CompletedTask;

    /// <summary>Deactivates this activation once the current turn and any already queued calls are done.</summary>
    protected void DeactivateOnIdle() => Context.Deactivate(DeactivationReason.ApplicationRequested);

    protected Task RegisterOrUpdateReminder(string reminderName, TimeSpan dueTime, TimeSpan period) =>
        Context.Reminders.RegisterOrUpdateAsync(GrainId, reminderName, dueTime, period);

    protected Task UnregisterReminder(string reminderName) => Context.Reminders.UnregisterAsync(GrainId, reminderName);
}
