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
    }

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

    public void StageFailed(string stage) => _stageErrors.Add(1, new KeyValuePair<string, object?>("stage", stage));
}
