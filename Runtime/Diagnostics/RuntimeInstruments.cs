using System.Diagnostics.Metrics;

namespace GrainPipeline.Runtime.Diagnostics;

/// <summary>The runtime's metrics: activations, deactivations by reason, turn duration, queued calls.</summary>
public sealed class RuntimeInstruments
{
    public const string MeterName = "GrainPipeline.Runtime";

    private readonly Meter _meter;
    private readonly Counter<long> _activationsCreated;
    private readonly Counter<long> _deactivations;
    private readonly Histogram<double> _turnDuration;
    private readonly UpDownCounter<long> _queuedCalls;
    private readonly Counter<long> _joinedCalls;
    private long _joinedCallsTotal;
    private readonly Counter<long> _stateReadRetries;
    private long _stateReadRetriesTotal;
    private readonly Counter<long> _deactivationFailures;
    private long _deactivationFailuresTotal;

    public RuntimeInstruments(Meter meter)
    {
        _meter = meter;
        _activationsCreated = meter.CreateCounter<long>(InstrumentNames.ActivationsCreated, description: "Activations made");
        _deactivations = meter.CreateCounter<long>(InstrumentNames.Deactivations, description: "Activations retired, by reason");
        _turnDuration = meter.CreateHistogram<double>(InstrumentNames.TurnDuration, unit: "ms", description: "Time from a turn's start to its completion");
        _queuedCalls = meter.CreateUpDownCounter<long>(InstrumentNames.QueuedCalls, description: "Calls waiting in mailboxes");
        _joinedCalls = meter.CreateCounter<long>(InstrumentNames.JoinedCalls, description: "Calls run in the turn of the call queued before them (batched methods)");
        _stateReadRetries = meter.CreateCounter<long>(InstrumentNames.StateReadRetries, description: "Activation state reads retried after a storage outage");
        _deactivationFailures = meter.CreateCounter<long>(InstrumentNames.DeactivationFailures, description: "Deactivations whose OnDeactivateAsync threw (e.g. a state write that failed)");
    }

    public void ObserveActivations(Func<int> count) =>
        _meter.CreateObservableGauge(InstrumentNames.Activations, count, description: "Live activations");

    public void ActivationCreated() => _activationsCreated.Add(1);

    /// <summary>State reads an activation retried because its storage was unreachable.</summary>
    public long StateReadRetries => Interlocked.Read(ref _stateReadRetriesTotal);

    public void StateReadRetried()
    {
        Interlocked.Increment(ref _stateReadRetriesTotal);
        _stateReadRetries.Add(1);
    }

    /// <summary>Deactivations whose OnDeactivateAsync threw; the activation was retired all the same.</summary>
    public long DeactivationFailures => Interlocked.Read(ref _deactivationFailuresTotal);

    public void DeactivationFailed(DeactivationReason reason)
    {
        Interlocked.Increment(ref _deactivationFailuresTotal);
        _deactivationFailures.Add(1, new KeyValuePair<string, object?>("reason", reason.ToString()));
    }

    public void Deactivated(DeactivationReason reason) => _deactivations.Add(1, new KeyValuePair<string, object?>("reason", reason.ToString()));

    public void TurnFinished(TimeSpan duration)
    {
        if (_turnDuration.Enabled) _turnDuration.Record(duration.TotalMilliseconds);
    }

    public void CallQueued()
    {
        if (_queuedCalls.Enabled) _queuedCalls.Add(1);
    }

    /// <summary>Calls that ran in the turn of the call queued before them (<see cref="Scheduler.BatchedGrainCall{TGrain, TArg}"/>).</summary>
    public long JoinedCalls => Interlocked.Read(ref _joinedCallsTotal);

    public void CallJoinedTurn()
    {
        Interlocked.Increment(ref _joinedCallsTotal);
        _joinedCalls.Add(1);
    }

    public void CallDequeued()
    {
        if (_queuedCalls.Enabled) _queuedCalls.Add(-1);
    }
}
