using GrainPipeline.Runtime.Hosting;
using GrainPipeline.Runtime.Storage;
using GrainPipeline.Runtime.Timers;

namespace GrainPipeline.Runtime.Testing;

/// <summary>A started runtime with the fakes it was built over; disposing stops it (bounded, so a stuck grain fails the test instead of hanging it).</summary>
public sealed class TestRuntime(GrainRuntime runtime, ManualTimeProvider clock, IGrainStorage storage, ReminderService? reminders,
    IReadOnlyList<Action> onStopping) : IAsyncDisposable
{
    public static readonly TimeSpan StopTimeout = TimeSpan.FromSeconds(30);

    public GrainRuntime Runtime => runtime;

    public ManualTimeProvider Clock => clock;

    public IGrainStorage Storage => storage;

    /// <summary>The reminder service, when the builder was given a table.</summary>
    public ReminderService Reminders => reminders ?? throw new InvalidOperationException("This runtime was built without a reminder table.");

    public TGrain Grain<TGrain>(string key) where TGrain : IGrainWithStringKey => runtime.GrainFactory.GetGrain<TGrain>(key);

    public async ValueTask DisposeAsync()
    {
        foreach (var action in onStopping) action();
        await runtime.DisposeAsync().AsTask().WithTimeout("the test runtime to stop (deactivating every grain)", StopTimeout);
    }
}
