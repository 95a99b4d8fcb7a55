using System.Collections.Concurrent;
using GrainPipeline.Observability.Histograms;

namespace GrainPipeline.Grains.Stages;

/// <summary>
/// Per stage and per store: calls, failures, timeouts and a duration histogram, for the dashboard.
/// Keyed by the stage and store names in the code (a handful), so it never grows with traffic.
/// </summary>
public sealed class StageStatistics
{
    private readonly ConcurrentDictionary<string, CallStatistics> _stages = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, CallStatistics> _stores = new(StringComparer.Ordinal);

    public CallStatistics Stage(string name) => _stages.GetOrAdd(name, static n => new CallStatistics(n));

    public CallStatistics Store(string name) => _stores.GetOrAdd(name, static n => new CallStatistics(n));

    public IReadOnlyList<CallStatistics> Stages => _stages.Values.OrderBy(s => s.Name, StringComparer.Ordinal).ToList();

    public IReadOnlyList<CallStatistics> Stores => _stores.Values.OrderBy(s => s.Name, StringComparer.Ordinal).ToList();
}

/// <summary>Counters of one stage or one store.</summary>
public sealed class CallStatistics(string name)
{
    private long _calls;
    private long _errors;
    private long _timeouts;

    public string Name => name;

    /// <summary>Calls started (a stage call includes its retries; a store call is one attempt).</summary>
    public long Calls => Interlocked.Read(ref _calls);

    /// <summary>For a stage: events it failed. For a store: attempts that threw something other than a timeout.</summary>
    public long Errors => Interlocked.Read(ref _errors);

    /// <summary>Attempts cut off by their own timeout.</summary>
    public long Timeouts => Interlocked.Read(ref _timeouts);

    /// <summary>Duration of whole calls, retries included.</summary>
    public LatencyHistogram Duration { get; } = new();

    internal void Called() => Interlocked.Increment(ref _calls);

    internal void Failed() => Interlocked.Increment(ref _errors);

    internal void TimedOut() => Interlocked.Increment(ref _timeouts);
}
