using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using GrainPipeline.Runtime.Configuration;
using GrainPipeline.Runtime.Diagnostics;
using GrainPipeline.Runtime.Scheduler;
using GrainPipeline.Runtime.Storage;
using GrainPipeline.Runtime.Timers;
using Microsoft.Extensions.Logging;

namespace GrainPipeline.Runtime.Catalog;

/// <summary>
/// Maps (grain type, key) to its single live activation, making it on the first call. Lookups are
/// lock-free; creation and retirement of one key happen under a striped lock, so concurrent first
/// calls make exactly one activation and a call racing a deactivation lands, in order, on the successor.
/// </summary>
internal sealed partial class GrainCatalog
{
    private const int StripeCount = 64;

    private readonly ConcurrentDictionary<GrainId, ActivationData> _activations = new();
    private readonly Lock[] _stripes = Enumerable.Range(0, StripeCount).Select(_ => new Lock()).ToArray();
    private readonly SemaphoreSlim _slots;
    private readonly ILogger _logger;
    private readonly ConcurrentDictionary<string, StrongBox<int>> _liveByType = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<(string Type, string State), byte> _stateNames = new();
    private int _slotsHeld;
    private int _peakSlotsHeld;
    private long _deactivations;
    private long _activated;
    private readonly WarningThrottle _deactivationWarnings;

    public GrainCatalog(RuntimeOptions options, GrainTypeRegistry registry, IGrainStorage storage, StorageOptions storageOptions,
        TimeProvider clock, RuntimeInstruments instruments, ILogger logger, CancellationToken stopping)
    {
        Stopping = stopping;
        Options = options;
        Registry = registry;
        Storage = storage;
        StorageOptions = storageOptions;
        Clock = clock;
        Instruments = instruments;
        _logger = logger;
        _deactivationWarnings = new WarningThrottle(TimeSpan.FromSeconds(10), clock);
        _slots = new SemaphoreSlim(options.MaxActivations, options.MaxActivations);
        DeactivationSlots = new SemaphoreSlim(options.MaxConcurrentDeactivations, options.MaxConcurrentDeactivations);
        instruments.ObserveActivations(() => _slotsHeld);
    }

    public RuntimeOptions Options { get; }
    public GrainTypeRegistry Registry { get; }
    public IGrainStorage Storage { get; }
    public StorageOptions StorageOptions { get; }
    public TimeProvider Clock { get; }
    public RuntimeInstruments Instruments { get; }

    /// <summary>Fires when the runtime stops (or is abandoned): activations stop waiting out storage outages.</summary>
    public CancellationToken Stopping { get; }

    public IGrainFactory GrainFactory { get; set; } = null!;
    public IReminderRegistry Reminders { get; set; } = NoReminders.Instance;

    /// <summary>Bounds the OnDeactivateAsync steps running at once (Runtime:MaxConcurrentDeactivations).</summary>
    public SemaphoreSlim DeactivationSlots { get; }

    /// <summary>Asked to shed idle activations when the slots run low; set by the collector.</summary>
    public Action RequestShedding { get; set; } = static () => { };

    public int ActivationCount => _slotsHeld;
    public int PeakActivationCount => Volatile.Read(ref _peakSlotsHeld);
    public long DeactivationCount => Interlocked.Read(ref _deactivations);
    public long ActivatedCount => Interlocked.Read(ref _activated);
    public ICollection<ActivationData> Activations => _activations.Values;

    /// <summary>The busiest grains by calls and turn time (fixed size).</summary>
    public TurnStatistics Turns { get; } = new();

    /// <summary>Live activations per grain type; keys are registered types only, so the map stays small.</summary>
    public IReadOnlyDictionary<string, int> LiveByType() =>
        _liveByType.ToDictionary(p => p.Key, p => Volatile.Read(ref p.Value.Value), StringComparer.Ordinal);

    /// <summary>State names seen per grain type, so state can be read from storage for a grain that is not active.</summary>
    public IReadOnlyList<string> StateNamesOf(string grainType) =>
        _stateNames.Keys.Where(k => k.Type == grainType).Select(k => k.State).Order(StringComparer.Ordinal).ToList();

    internal void NoteStateName(string grainType, string stateName) => _stateNames.TryAdd((grainType, stateName), 0);

    /// <summary>Delivers a work item to the grain's activation, making one if needed.</summary>
    public void Dispatch(GrainId id, WorkItem item)
    {
        if (_activations.TryGetValue(id, out var current) && current.Mailbox.TryEnqueue(item)) return;
        while (true)
        {
            // Slow path under the key's stripe: a retiring activation swaps in its successor while
            // holding the same lock, so the loop never spins against a half-finished retirement.
            ActivationData target;
            lock (StripeOf(id))
            {
                if (!_activations.TryGetValue(id, out target!))
                {
                    target = new ActivationData(this, id);
                    target.Mailbox.TryEnqueue(new ActivationWorkItem(target));
                    _activations[id] = target;
                    Instruments.ActivationCreated();
                }
            }
            if (target.Mailbox.TryEnqueue(item)) return;
        }
    }

    public bool TryGet(GrainId id, out ActivationData activation) => _activations.TryGetValue(id, out activation!);

    internal async Task AcquireSlotAsync(ActivationData activation)
    {
        // Waiting here halts only this activation's mailbox; a busy grain becomes idle, and so
        // sheddable, after its turn, so ask again each interval instead of waiting for ever.
        while (!await _slots.WaitAsync(Options.SlotWaitBeforeShedding))
            RequestShedding();
        activation.HoldsSlot = true;
        Interlocked.Increment(ref _liveByType.GetOrAdd(activation.GrainId.Type, static _ => new StrongBox<int>()).Value);
        var held = Interlocked.Increment(ref _slotsHeld);
        InterlockedMax(ref _peakSlotsHeld, held);
        if (held >= Options.SheddingHighMark) RequestShedding();
    }

    internal void OnActivated(ActivationData activation)
    {
        Interlocked.Increment(ref _activated);
        LogActivated(_logger, activation.GrainId);
    }

    /// <summary>Removes a deactivated activation; anything queued behind it moves, in order, to a successor.</summary>
    internal void Retire(ActivationData activation, DeactivationReason reason)
    {
        var id = activation.GrainId;
        lock (StripeOf(id))
        {
            var rest = activation.Mailbox.CloseAndDrain();
            if (rest.Exists(item => item.IsForwardable))
            {
                var successor = new ActivationData(this, id);
                successor.Mailbox.TryEnqueue(new ActivationWorkItem(successor));
                foreach (var item in rest)
                {
                    if (item.IsForwardable) successor.Mailbox.TryEnqueue(item);
                }
                _activations.TryUpdate(id, successor, activation);
                Instruments.ActivationCreated();
            }
            else
            {
                _activations.TryRemove(new KeyValuePair<GrainId, ActivationData>(id, activation));
            }
        }
        ReleaseSlot(activation);
        Interlocked.Increment(ref _deactivations);
        Instruments.Deactivated(reason);
        LogDeactivated(_logger, id, reason);
    }

    /// <summary>
    /// OnDeactivateAsync threw: the activation is retired all the same (as in Orleans), so the
    /// failure is logged and counted here, where every deactivation passes, whoever asked for it.
    /// </summary>
    internal void ReportDeactivationFailed(ActivationData activation, Exception error, DeactivationReason reason)
    {
        Instruments.DeactivationFailed(reason);
        if (_deactivationWarnings.TryPass(out var heldBack)) LogDeactivationFailed(_logger, error, activation.GrainId, reason, heldBack);
        else LogDeactivationFailedHeldBack(_logger, error, activation.GrainId, reason);
    }

    /// <summary>An activation whose first turn failed: fail what waited for it and forget it.</summary>
    internal void RetireFailedActivation(ActivationData activation, Exception error)
    {
        List<WorkItem> rest;
        lock (StripeOf(activation.GrainId))
        {
            rest = activation.Mailbox.CloseAndDrain();
            _activations.TryRemove(new KeyValuePair<GrainId, ActivationData>(activation.GrainId, activation));
        }
        ReleaseSlot(activation);
        LogActivationFailed(_logger, error, activation.GrainId);
        foreach (var item in rest) item.Fail(error);
    }

    /// <summary>
    /// Deactivates every activation that matches, and completes when all are gone. Requests go out
    /// MaxConcurrentDeactivations at a time: a stopping silo matches every grain, and asking them all
    /// at once would park tens of thousands of turns (each holding its state) at the same moment.
    /// All of them share one bound, BulkDeactivationTimeout: once it passes, the rest still go (an
    /// activation must retire) but their OnDeactivateAsync gets a cancelled token, so a hung store
    /// costs that bound rather than its timeout once per MaxConcurrentDeactivations grains.
    /// </summary>
    public async Task DeactivateAsync(Func<GrainId, Grain?, bool> match, DeactivationReason reason)
    {
        using var deadline = new CancellationTokenSource(Options.BulkDeactivationTimeout);
        var window = new SemaphoreSlim(Options.MaxConcurrentDeactivations); // not disposed: late releases must not throw
        var requested = new List<Task>();
        try
        {
            foreach (var activation in _activations.Values)
            {
                if (!match(activation.GrainId, activation.Instance)) continue;
                await window.WaitAsync();
                var gone = activation.RequestDeactivation(reason, deadline.Token);
                requested.Add(gone);
                _ = gone.ContinueWith(static (_, slots) => ((SemaphoreSlim)slots!).Release(), window,
                    CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
            }
            await Task.WhenAll(requested);
        }
        finally
        {
            // One line for the whole stop or hand-over; the grains' own warnings are throttled.
            var failed = requested.Count(gone => gone.IsFaulted);
            if (failed > 0) LogBulkDeactivationFailures(_logger, failed, requested.Count, reason, Options.BulkDeactivationTimeout, deadline.IsCancellationRequested);
        }
    }

    private void ReleaseSlot(ActivationData activation)
    {
        if (!activation.HoldsSlot) return;
        activation.HoldsSlot = false;
        if (_liveByType.TryGetValue(activation.GrainId.Type, out var live)) Interlocked.Decrement(ref live.Value);
        Interlocked.Decrement(ref _slotsHeld);
        _slots.Release();
    }

    private Lock StripeOf(GrainId id) => _stripes[(id.GetHashCode() & int.MaxValue) % StripeCount];

    private static void InterlockedMax(ref int target, int value)
    {
        var current = Volatile.Read(ref target);
        while (value > current)
        {
            var seen = Interlocked.CompareExchange(ref target, value, current);
            if (seen == current) return;
            current = seen;
        }
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Activated {GrainId}")]
    private static partial void LogActivated(ILogger logger, GrainId grainId);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Deactivated {GrainId} ({Reason})")]
    private static partial void LogDeactivated(ILogger logger, GrainId grainId, DeactivationReason reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Deactivation of {GrainId} ({Reason}) failed; the activation is retired anyway ({HeldBack} more failed since the last of these warnings, logged at Debug)")]
    private static partial void LogDeactivationFailed(ILogger logger, Exception error, GrainId grainId, DeactivationReason reason, long heldBack);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Deactivation of {GrainId} ({Reason}) failed; the activation is retired anyway")]
    private static partial void LogDeactivationFailedHeldBack(ILogger logger, Exception error, GrainId grainId, DeactivationReason reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Failed} of {Count} deactivations ({Reason}) failed; Runtime:BulkDeactivationTimeout ({Bound}) passed: {BoundPassed}")]
    private static partial void LogBulkDeactivationFailures(ILogger logger, int failed, int count, DeactivationReason reason, TimeSpan bound, bool boundPassed);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Activation of {GrainId} failed; queued calls fail with it")]
    private static partial void LogActivationFailed(ILogger logger, Exception error, GrainId grainId);
}
