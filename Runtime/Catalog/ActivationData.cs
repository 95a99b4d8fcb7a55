using GrainPipeline.Runtime.Diagnostics;
using GrainPipeline.Runtime.Scheduler;
using GrainPipeline.Runtime.Storage;
using GrainPipeline.Runtime.Timers;

namespace GrainPipeline.Runtime.Catalog;

/// <summary>
/// One activation of a grain: identity, grain instance and lifecycle flags, on top of its
/// <see cref="Scheduler.Mailbox"/> (one object for both: an idle activation should cost bytes).
/// Lifecycle steps run as work items in the mailbox, so they are ordered with the grain's calls.
/// </summary>
internal sealed class ActivationData : Mailbox, IGrainContext
{
    private readonly GrainCatalog _catalog;
    private List<IGrainStateParticipant>? _states;
    private long _lastUsed;
    private DeactivationWorkItem? _deactivation;

    public ActivationData(GrainCatalog catalog, GrainId id)
    {
        _catalog = catalog;
        GrainId = id;
        _lastUsed = catalog.Clock.GetTimestamp();
    }

    public GrainId GrainId { get; }

    public Grain? Instance { get; set; }

    /// <summary>This activation's mailbox: the object itself, named for what the caller uses it for.</summary>
    public Mailbox Mailbox => this;

    /// <summary>True once the activation holds one of the MaxActivations slots.</summary>
    public bool HoldsSlot { get; set; }

    public bool IsActive => Instance is not null;

    public bool DeactivationRequested => Volatile.Read(ref _deactivation) is not null;

    public long LastUsedTimestamp => Volatile.Read(ref _lastUsed);

    public IGrainFactory GrainFactory => _catalog.GrainFactory;

    public IReminderRegistry Reminders => _catalog.Reminders;

    internal GrainCatalog Catalog => _catalog;

    internal IReadOnlyList<IGrainStateParticipant> States => (IReadOnlyList<IGrainStateParticipant>?)_states ?? [];

    public void Touch() => Volatile.Write(ref _lastUsed, _catalog.Clock.GetTimestamp());

    protected override ActivationData Activation => this;

    protected override RuntimeInstruments Instruments => _catalog.Instruments;

    protected override void OnTurnFinished() => Touch();

    public IPersistentState<TState> GetPersistentState<TState>(string stateName) where TState : class, new()
    {
        var state = new PersistentState<TState>(stateName, GrainId, _catalog.Storage, _catalog.StorageOptions);
        _catalog.NoteStateName(GrainId.Type, stateName);
        (_states ??= []).Add(state);
        return state;
    }

    public void Deactivate(DeactivationReason reason) => _ = RequestDeactivation(reason);

    /// <summary>
    /// Queues the deactivation step once; later requests share it. Completes when the activation is
    /// gone (immediately when it already was). <paramref name="bulkDeadline"/> ends the step's
    /// OnDeactivateAsync early (a stop's or hand-over's shared bound); a request that joins an
    /// existing step keeps that step's bound.
    /// </summary>
    public Task RequestDeactivation(DeactivationReason reason, CancellationToken bulkDeadline = default)
    {
        var step = new DeactivationWorkItem(reason, bulkDeadline);
        var existing = Interlocked.CompareExchange(ref _deactivation, step, null);
        if (existing is not null) return existing.Completion;
        // A closed mailbox means the activation is gone (retired, or its activation failed). The step
        // is stored either way, so later requests that join it must find it complete, not pending for ever.
        if (!Mailbox.TryEnqueue(step)) step.CompleteAsGone();
        return step.Completion;
    }
}
