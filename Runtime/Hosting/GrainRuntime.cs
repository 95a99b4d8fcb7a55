using System.Diagnostics.Metrics;
using GrainPipeline.Runtime.Catalog;
using GrainPipeline.Runtime.Configuration;
using GrainPipeline.Runtime.Diagnostics;
using GrainPipeline.Runtime.Storage;
using GrainPipeline.Runtime.Timers;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace GrainPipeline.Runtime.Hosting;

/// <summary>
/// One silo's virtual-actor runtime: the catalog, its idle collector and the grain factory. The
/// composition root makes one, registers grain types, starts it, and stops it (deactivating every
/// grain so its state is written) on shutdown.
/// </summary>
public sealed class GrainRuntime : IAsyncDisposable
{
    private readonly GrainCatalog _catalog;
    private readonly ActivationCollector _collector;
    private readonly CancellationTokenSource _stopping = new();
    private Task _collectorLoop = Task.CompletedTask;
    private Task _reminderLoop = Task.CompletedTask;
    private ReminderService? _reminderService;
    private readonly ILoggerFactory _loggers;
    private bool _started;

    public GrainRuntime(GrainTypeRegistry registry, IGrainStorage storage, RuntimeOptions? options = null,
        StorageOptions? storageOptions = null, TimeProvider? clock = null, ILoggerFactory? loggers = null, Meter? meter = null)
    {
        ArgumentNullException.ThrowIfNull(registry);
        Options = options ?? new RuntimeOptions();
        storageOptions ??= new StorageOptions();
        OptionsValidationException.ThrowIfAny(Options.Validate().Concat(storageOptions.Validate()));
        Clock = clock ?? TimeProvider.System;
        Instruments = new RuntimeInstruments(meter ?? new Meter(RuntimeInstruments.MeterName));
        _loggers = loggers ?? NullLoggerFactory.Instance;
        var logger = _loggers.CreateLogger("GrainPipeline.Runtime.Catalog");
        _catalog = new GrainCatalog(Options, registry, storage, storageOptions, Clock, Instruments, logger, _stopping.Token);
        var factory = new GrainFactory(_catalog);
        _catalog.GrainFactory = factory;
        GrainFactory = factory;
        _collector = new ActivationCollector(_catalog, Options, Clock);
        _catalog.RequestShedding = _collector.RequestShedding;
    }

    public RuntimeOptions Options { get; }

    public TimeProvider Clock { get; }

    public RuntimeInstruments Instruments { get; }

    public IGrainFactory GrainFactory { get; }

    /// <summary>Untyped call routing, for system services such as reminders.</summary>
    public IGrainCallInvoker Invoker => (IGrainCallInvoker)GrainFactory;

    /// <summary>Where grains register reminders; set before Start when a reminder service is used.</summary>
    public IReminderRegistry Reminders
    {
        get => _catalog.Reminders;
        set => _catalog.Reminders = value;
    }

    /// <summary>Uses a durable reminder table; ticks go to grains for which <paramref name="isOwned"/> is true here.</summary>
    public ReminderService UseReminders(IReminderTable table, Func<GrainId, bool> isOwned, ReminderOptions? options = null)
    {
        if (_started) throw new InvalidOperationException("Reminders must be configured before the runtime starts.");
        options ??= new ReminderOptions();
        OptionsValidationException.ThrowIfAny(options.Validate());
        _reminderService = new ReminderService(table, Invoker, isOwned, options, Clock, _loggers.CreateLogger("GrainPipeline.Runtime.Reminders"));
        Reminders = _reminderService;
        return _reminderService;
    }

    public RuntimeStatistics Statistics => new(_catalog.ActivationCount, _catalog.PeakActivationCount, _catalog.DeactivationCount)
    {
        Activated = _catalog.ActivatedCount,
    };

    /// <summary>The busiest grains by calls and by turn time (a fixed-size sketch, not a per-grain history).</summary>
    public TurnStatistics Turns => _catalog.Turns;

    /// <summary>Live activations per grain type.</summary>
    public IReadOnlyDictionary<string, int> ActivationsByType() => _catalog.LiveByType();

    /// <summary>
    /// A grain's state as JSON without activating it: from its live activation (read inside a turn,
    /// so consistent) when there is one, else from grain storage under the state names this silo has
    /// seen for the type (or <paramref name="stateName"/>).
    /// </summary>
    public async Task<GrainStateView> ReadGrainStateAsync(GrainId grainId, string? stateName, TimeSpan timeout, CancellationToken cancellation)
    {
        if (_catalog.TryGet(grainId, out var activation))
        {
            var snapshot = new StateSnapshotWorkItem();
            if (activation.Mailbox.TryEnqueue(snapshot))
            {
                try
                {
                    var live = await snapshot.Result.WaitAsync(timeout, cancellation);
                    if (live.Count > 0) return new GrainStateView(grainId, GrainStateSource.Activation, live.Where(s => stateName is null || s.Name == stateName).ToList());
                }
                catch (TimeoutException)
                {
                    // Busy for longer than the caller waits, or retired meanwhile: storage has the last written copy.
                }
            }
        }
        var names = stateName is not null ? [stateName] : _catalog.StateNamesOf(grainId.Type);
        var stored = new List<GrainStateJson>();
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellation);
        deadline.CancelAfter(timeout);
        foreach (var name in names)
        {
            if (await _catalog.Storage.ReadAsync(name, grainId, deadline.Token) is { } record)
                stored.Add(new GrainStateJson(name, System.Text.Encoding.UTF8.GetString(record.Data)));
        }
        return new GrainStateView(grainId, stored.Count > 0 ? GrainStateSource.Storage : GrainStateSource.None, stored);
    }

    public void Start()
    {
        if (_started) return;
        _started = true;
        _catalog.Registry.Freeze();
        _collectorLoop = _collector.RunAsync(_stopping.Token);
        if (_reminderService is not null) _reminderLoop = _reminderService.RunAsync(_stopping.Token);
    }

    /// <summary>True when the grain has a live (or activating) activation on this silo.</summary>
    public bool IsActive(GrainId grainId) => _catalog.TryGet(grainId, out _);

    /// <summary>Keys of live activations of one grain type, for diagnostics (bounded by MaxActivations).</summary>
    public IEnumerable<GrainId> ActiveGrains() => _catalog.Activations.Select(a => a.GrainId);

    /// <summary>Deactivates matching grains (e.g. those of revoked partitions); completes when all are gone.</summary>
    public Task DeactivateAsync(Func<GrainId, bool> match, DeactivationReason reason) => _catalog.DeactivateAsync((id, _) => match(id), reason);

    /// <summary>Deactivates grains chosen by their instance (e.g. the partition they serve).</summary>
    public Task DeactivateAsync(Func<GrainId, Grain?, bool> match, DeactivationReason reason) => _catalog.DeactivateAsync(match, reason);

    /// <summary>Runs one idle-collection pass now (tests move a fake clock, then call this).</summary>
    public int CollectIdleNow() => _collector.CollectIdle();

    /// <summary>Runs one LRU shedding pass now.</summary>
    public int ShedNow() => _collector.ShedLeastRecentlyUsed();

    /// <summary>Test hook for a crash: stops the collector and reminder loops, deactivates nothing, writes no state.</summary>
    public async Task AbandonAsync()
    {
        if (!_started) return;
        await _stopping.CancelAsync();
        await _collectorLoop;
        await _reminderLoop;
        _started = false;
    }

    public async Task StopAsync()
    {
        if (!_started) return;
        await _stopping.CancelAsync();
        await _collectorLoop;
        await _reminderLoop;
        try
        {
            await _catalog.DeactivateAsync(static (_, _) => true, DeactivationReason.ShuttingDown);
        }
        catch (Exception)
        {
            // Every grain was still deactivated; each failure was logged and counted by the catalog
            // (Instruments.DeactivationFailures). Throwing here would stop the silo half way.
        }
        _started = false;
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        _stopping.Dispose();
    }
}

/// <summary>A snapshot of the runtime's counters.</summary>
public readonly record struct RuntimeStatistics(int Activations, int PeakActivations, long Deactivations)
{
    /// <summary>Activations that finished activating, since start.</summary>
    public long Activated { get; init; }
}

/// <summary>Where a grain's state was read from.</summary>
public enum GrainStateSource
{
    /// <summary>Neither active here nor stored.</summary>
    None,

    /// <summary>The live activation's state, read inside a turn.</summary>
    Activation,

    /// <summary>The last written copy in grain storage.</summary>
    Storage,
}

/// <summary>A grain's state for the dashboard.</summary>
public sealed record GrainStateView(GrainId Grain, GrainStateSource Source, IReadOnlyList<GrainStateJson> States);
