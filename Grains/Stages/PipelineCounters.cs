using System.Diagnostics.Metrics;
using GrainPipeline.Runtime.Diagnostics;

namespace GrainPipeline.Grains.Stages;

/// <summary>The stages' counters: totals for the demo summary, and the same numbers as metrics.</summary>
public sealed class PipelineCounters
{
    public const string MeterName = "GrainPipeline.Stages";

    private readonly Counter<long> _processed;
    private readonly Counter<long> _duplicates;
    private readonly Counter<long> _retries;
    private readonly Counter<long> _stageErrors;
    private readonly Histogram<double> _stageDuration;
    private readonly Counter<long> _storeTimeouts;
    private readonly Counter<long> _storeErrors;
    private long _processedTotal;
    private long _duplicatesTotal;
    private long _retriesTotal;

    public PipelineCounters(Meter meter)
    {
        ArgumentNullException.ThrowIfNull(meter);
        _processed = meter.CreateCounter<long>(InstrumentNames.Processed, description: "Events through all five stages");
        _duplicates = meter.CreateCounter<long>(InstrumentNames.Duplicates, description: "Events skipped as already seen");
        _retries = meter.CreateCounter<long>(InstrumentNames.StoreRetries, description: "Store calls retried, by stage");
        _stageErrors = meter.CreateCounter<long>(InstrumentNames.StageErrors, description: "Events failed by a stage, by stage");
        _stageDuration = meter.CreateHistogram<double>(InstrumentNames.StageDuration, unit: "ms", description: "Duration of a stage's store call, retries included, by stage");
        _storeTimeouts = meter.CreateCounter<long>(InstrumentNames.StoreTimeouts, description: "Store calls cut off by their timeout, by store");
        _storeErrors = meter.CreateCounter<long>(InstrumentNames.StoreErrors, description: "Store calls that failed other than by timeout, by store");
    }

    /// <summary>Per stage and per store figures for the dashboard (fixed size).</summary>
    public StageStatistics Stages { get; } = new();

    public long Processed => Interlocked.Read(ref _processedTotal);
    public long Duplicates => Interlocked.Read(ref _duplicatesTotal);
    public long Retries => Interlocked.Read(ref _retriesTotal);

    public void EventProcessed()
    {
        Interlocked.Increment(ref _processedTotal);
        _processed.Add(1);
    }

    public void DuplicateSkipped()
    {
        Interlocked.Increment(ref _duplicatesTotal);
        _duplicates.Add(1);
    }

    public void StoreRetried(string stage, bool timedOut)
    {
        Interlocked.Increment(ref _retriesTotal);
        _retries.Add(1, new KeyValuePair<string, object?>("stage", stage), new KeyValuePair<string, object?>("timeout", timedOut));
    }

    public void StageFailed(string stage)
    {
        Stages.Stage(stage).Failed();
        _stageErrors.Add(1, new KeyValuePair<string, object?>("stage", stage));
    }

    public void StageCallFinished(CallStatistics stage, TimeSpan duration)
    {
        ArgumentNullException.ThrowIfNull(stage);
        stage.Duration.Record(duration);
        if (_stageDuration.Enabled) _stageDuration.Record(duration.TotalMilliseconds, new KeyValuePair<string, object?>("stage", stage.Name));
    }

    public void StoreTimedOut(CallStatistics store)
    {
        ArgumentNullException.ThrowIfNull(store);
        store.TimedOut();
        _storeTimeouts.Add(1, new KeyValuePair<string, object?>("store", store.Name));
    }

    public void StoreFailed(CallStatistics store)
    {
        ArgumentNullException.ThrowIfNull(store);
        store.Failed();
        _storeErrors.Add(1, new KeyValuePair<string, object?>("store", store.Name));
    }
}
