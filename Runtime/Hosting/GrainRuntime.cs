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
        var logger = (loggers ?? NullLoggerFactory.Instance).CreateLogger("GrainPipeline.Runtime.Catalog");
        _catalog = new GrainCatalog(Options, registry, storage, storageOptions, Clock, Instruments, logger);
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

    /// <summary>Where grains register reminders; set before Start when a reminder service is used.</summary>
    public IReminderRegistry Reminders
    {
        get => _catalog.Reminders;
        set => _catalog.Reminders = value;
    }

    public RuntimeStatistics Statistics => new(_catalog.ActivationCount, _catalog.PeakActivationCount, _catalog.DeactivationCount);

    public void Start()
    {
        if (_started) return;
        _started = true;
        _catalog.Registry.Freeze();
        _collectorLoop = _collector.RunAsync(_stopping.Token);
    }

    /// <summary>True when the grain has a live (or activating) activation on this silo.</summary>
    public bool IsActive(GrainId grainId) => _catalog.TryGet(grainId, out _);

    /// <summary>Keys of live activations of one grain type, for diagnostics (bounded by MaxActivations).</summary>
    public IEnumerable<GrainId> ActiveGrains() => _catalog.Activations.Select(a => a.GrainId);

    /// <summary>Deactivates matching grains (e.g. those of revoked partitions); completes when all are gone.</summary>
    public Task DeactivateAsync(Func<GrainId, bool> match, DeactivationReason reason) => _catalog.DeactivateAsync(match, reason);

    /// <summary>Runs one idle-collection pass now (tests move a fake clock, then call this).</summary>
    public int CollectIdleNow() => _collector.CollectIdle();

    /// <summary>Runs one LRU shedding pass now.</summary>
    public int ShedNow() => _collector.ShedLeastRecentlyUsed();

    public async Task StopAsync()
    {
        if (!_started) return;
        await _stopping.CancelAsync();
        await _collectorLoop;
        await _catalog.DeactivateAsync(static _ => true, DeactivationReason.ShuttingDown);
        _started = false;
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        _stopping.Dispose();
    }
}

/// <summary>A snapshot of the runtime's counters.</summary>
public readonly record struct RuntimeStatistics(int Activations, int PeakActivations, long Deactivations);
