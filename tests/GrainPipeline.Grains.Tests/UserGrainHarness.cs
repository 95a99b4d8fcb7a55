using System.Diagnostics.Metrics;
using GrainPipeline.Grains.Events;
using GrainPipeline.Grains.Flushing;
using GrainPipeline.Grains.Hosting;
using GrainPipeline.Grains.Stages;
using GrainPipeline.Grains.User;
using GrainPipeline.Runtime.Catalog;
using GrainPipeline.Runtime.Hosting;
using GrainPipeline.Runtime.Storage;
using GrainPipeline.Stores.Memory;

namespace GrainPipeline.Grains.Tests;

/// <summary>A runtime with the pipeline's grains over in-memory stores; events complete through their EventCompletion.</summary>
internal sealed class UserGrainHarness : IAsyncDisposable
{
    private readonly CancellationTokenSource _stopping = new();
    private readonly Meter _meter = new("test");

    /// <param name="statsStore">product_stats for the flushers, <see cref="Stats"/> when null.</param>
    /// <param name="eventStore">What stage 1 writes to, given <see cref="Events"/>.</param>
    /// <param name="stage5Buffer">What stage 5 writes to, given <see cref="Buffer"/>; the flushers always use <see cref="Buffer"/>.</param>
    public UserGrainHarness(StageOptions? options = null, FlusherOptions? flusher = null, Stores.Abstractions.IProductStatsStore? statsStore = null,
        Func<Stores.Abstractions.IProductStatsBuffer, Stores.Abstractions.IProductStatsBuffer>? stage5Buffer = null,
        Runtime.Configuration.RuntimeOptions? runtime = null, Func<int, bool>? ownsPartition = null,
        Func<Stores.Abstractions.IEventStore, Stores.Abstractions.IEventStore>? eventStore = null,
        Func<Stores.Abstractions.ICustomerStore, Stores.Abstractions.ICustomerStore>? customerStore = null)
    {
        options ??= new StageOptions();
        Counters = new PipelineCounters(_meter);
        var runner = new StageRunner(options, Counters, _stopping.Token);
        Background = new BackgroundStagePool(options, Counters);
        var stages = new UserStages(
            new IndexStage(eventStore?.Invoke(Events) ?? Events, runner, options, Counters),
            new AdLeadStage(AdLeads, runner, options),
            new AttributionStage(Attributions, runner, options),
            new CustomerStage(customerStore?.Invoke(Customers) ?? Customers, Visitors, runner, options),
            new ProductStatsStage(stage5Buffer?.Invoke(Buffer) ?? Buffer, runner, options),
            Background,
            Counters);
        Flusher = new FlusherStatistics();
        var registry = new GrainTypeRegistry().AddPipelineGrains(stages, Buffer, statsStore ?? Stats, flusher ?? new FlusherOptions(), Flusher, ownsPartition);
        Runtime = new GrainRuntime(registry, Storage, runtime);
        Runtime.UseReminders(new Runtime.Timers.MemoryReminderTable(), _ => true);
        Runtime.Start();
    }

    public MemoryEventStore Events { get; } = new();
    public MemoryAdLeadStore AdLeads { get; } = new();
    public MemoryAttributionStore Attributions { get; } = new();
    public MemoryCustomerStore Customers { get; } = new();
    public CountingWeeklyVisitorStore Visitors { get; } = new();
    public MemoryProductStatsBuffer Buffer { get; } = new();
    public MemoryProductStatsStore Stats { get; } = new();
    public MemoryGrainStorage Storage { get; } = new();
    public PipelineCounters Counters { get; }
    public FlusherStatistics Flusher { get; }
    public BackgroundStagePool Background { get; }
    public GrainRuntime Runtime { get; }

    /// <summary>Sends one event and waits until all five stages are done (or one failed).</summary>
    public Task ProcessAsync(Func<Action<PipelineEvent, Exception?>, PipelineEvent> make) => Send(make).WaitAsync(TimeSpan.FromSeconds(10));

    /// <summary>Sends one event; the task ends when all five stages are done, or with the error that ended the event.</summary>
    public Task Send(Func<Action<PipelineEvent, Exception?>, PipelineEvent> make)
    {
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var evt = make((_, error) =>
        {
            if (error is null) done.TrySetResult();
            else done.TrySetException(error);
        });
        var call = Runtime.GrainFactory.GetGrain<IUserGrain>(evt.Envelope.UserKey).Process(evt);
        _ = call.ContinueWith(t => evt.Completion.PartDone(t.Exception?.GetBaseException()), TaskScheduler.Default);
        return done.Task.ContinueWith(t =>
        {
            evt.Dispose();
            return t;
        }, TaskScheduler.Default).Unwrap();
    }

    public async ValueTask DisposeAsync()
    {
        await Runtime.DisposeAsync();
        await Background.DisposeAsync();
        await _stopping.CancelAsync();
        _stopping.Dispose();
        _meter.Dispose();
    }
}
