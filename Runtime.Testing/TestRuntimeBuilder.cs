using GrainPipeline.Runtime.Catalog;
using GrainPipeline.Runtime.Configuration;
using GrainPipeline.Runtime.Hosting;
using GrainPipeline.Runtime.Storage;
using GrainPipeline.Runtime.Timers;

namespace GrainPipeline.Runtime.Testing;

/// <summary>
/// Builds a started <see cref="GrainRuntime"/> over test grains, in-memory storage and a
/// <see cref="ManualTimeProvider"/>. Background loops (idle collection, reminder polling) are parked
/// on a far-away interval unless a test sets one, so a test drives them itself with
/// <see cref="GrainRuntime.CollectIdleNow"/> and <see cref="ReminderService.FireDueAsync"/>.
/// </summary>
public sealed class TestRuntimeBuilder
{
    /// <summary>Interval given to background loops a test did not ask for: never reached by a test's clock.</summary>
    public static readonly TimeSpan Parked = TimeSpan.FromDays(30);

    private readonly GrainTypeRegistry _registry = new();
    private readonly RuntimeOptions _options = new() { CollectionInterval = Parked };
    private readonly StorageOptions _storageOptions = new();
    private readonly ReminderOptions _reminderOptions = new() { PollInterval = Parked };
    private IGrainStorage _storage = new MemoryGrainStorage();
    private ManualTimeProvider _clock = new();
    private IReminderTable? _reminderTable;
    private Func<GrainId, bool> _isOwned = static _ => true;
    private readonly List<Action> _onStopping = [];

    public TestRuntimeBuilder AddGrain<TInterface>(string typeName, Func<IGrainContext, Grain> create,
        Func<IGrainCallInvoker, GrainId, TInterface> reference)
        where TInterface : IGrainWithStringKey
    {
        _registry.Add(typeName, create, reference);
        return this;
    }

    public TestRuntimeBuilder Configure(Action<RuntimeOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(configure);
        configure(_options);
        return this;
    }

    public TestRuntimeBuilder ConfigureStorage(Action<StorageOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(configure);
        configure(_storageOptions);
        return this;
    }

    public TestRuntimeBuilder WithStorage(IGrainStorage storage)
    {
        _storage = storage ?? throw new ArgumentNullException(nameof(storage));
        return this;
    }

    public TestRuntimeBuilder WithClock(ManualTimeProvider clock)
    {
        _clock = clock ?? throw new ArgumentNullException(nameof(clock));
        return this;
    }

    /// <summary>Uses a reminder table; <paramref name="isOwned"/> defaults to owning every grain.</summary>
    public TestRuntimeBuilder WithReminders(IReminderTable table, Func<GrainId, bool>? isOwned = null, Action<ReminderOptions>? configure = null)
    {
        _reminderTable = table ?? throw new ArgumentNullException(nameof(table));
        if (isOwned is not null) _isOwned = isOwned;
        configure?.Invoke(_reminderOptions);
        return this;
    }

    /// <summary>
    /// Runs before the runtime stops, e.g. to open gates a test held grains on, so that a failed
    /// assertion is reported as itself and not as a stop that timed out behind a held grain.
    /// </summary>
    public TestRuntimeBuilder OnStopping(Action action)
    {
        _onStopping.Add(action ?? throw new ArgumentNullException(nameof(action)));
        return this;
    }

    /// <summary>Makes and starts the runtime. A builder builds once: grain types freeze on start.</summary>
    public TestRuntime Start()
    {
        var runtime = new GrainRuntime(_registry, _storage, _options, _storageOptions, _clock);
        var reminders = _reminderTable is null ? null : runtime.UseReminders(_reminderTable, _isOwned, _reminderOptions);
        runtime.Start();
        return new TestRuntime(runtime, _clock, _storage, reminders, [.. _onStopping]);
    }
}
