namespace GrainPipeline.Runtime.Tests.Grains;

/// <summary>
/// The history of one grain key: calls it logged, lifecycle steps, overlap counters, and gates a test
/// can close to hold an activation or deactivation half-way. Waits are armed before the act and
/// complete asynchronously, never on the grain's thread.
/// </summary>
public sealed class KeyRecord(string key)
{
    private readonly Lock _lock = new();
    private readonly List<CallStamp> _calls = [];
    private readonly List<string> _events = [];
    private readonly List<DeactivationReason> _deactivations = [];
    private readonly List<(string Event, int Occurrence, TaskCompletionSource Done)> _waiters = [];
    private TaskCompletionSource? _activationGate;
    private TaskCompletionSource? _deactivationGate;
    private string? _failActivation;
    private int _activations;
    private int _live;
    private int _inTurn;

    public string Key => key;

    public int MaxLive { get; private set; }

    public int MaxInTurn { get; private set; }

    public int Activations
    {
        get { lock (_lock) return _activations; }
    }

    public IReadOnlyList<CallStamp> Calls
    {
        get { lock (_lock) return _calls.ToList(); }
    }

    public IReadOnlyList<string> Events
    {
        get { lock (_lock) return _events.ToList(); }
    }

    public IReadOnlyList<DeactivationReason> Deactivations
    {
        get { lock (_lock) return _deactivations.ToList(); }
    }

    /// <summary>The next activations of this key wait in OnActivateAsync until the returned gate opens.</summary>
    public TaskCompletionSource HoldActivation()
    {
        lock (_lock) return _activationGate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
    }

    /// <summary>The next deactivations of this key wait in OnDeactivateAsync until the returned gate opens.</summary>
    public TaskCompletionSource HoldDeactivation()
    {
        lock (_lock) return _deactivationGate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
    }

    /// <summary>The next activation of this key throws <see cref="InvalidOperationException"/> (after its gate, if held).</summary>
    public void FailNextActivation(string message)
    {
        lock (_lock) _failActivation = message;
    }

    /// <summary>The failure armed by <see cref="FailNextActivation"/>, consumed by the activation that throws it.</summary>
    internal string? TakeActivationFailure()
    {
        lock (_lock)
        {
            var message = _failActivation;
            _failActivation = null;
            return message;
        }
    }

    /// <summary>Opens any gate still closed, so the runtime can stop even after a failed assertion.</summary>
    public void ReleaseGates()
    {
        lock (_lock)
        {
            _activationGate?.TrySetResult();
            _deactivationGate?.TrySetResult();
        }
    }

    internal Task ActivationGate
    {
        get { lock (_lock) return _activationGate?.Task ?? Task.CompletedTask; }
    }

    internal Task DeactivationGate
    {
        get { lock (_lock) return _deactivationGate?.Task ?? Task.CompletedTask; }
    }

    /// <summary>Completes once <paramref name="evt"/> was logged <paramref name="occurrence"/> times (counting earlier ones).</summary>
    public Task WaitFor(string evt, int occurrence = 1)
    {
        lock (_lock)
        {
            if (_events.Count(e => e == evt) >= occurrence) return Task.CompletedTask;
            var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            _waiters.Add((evt, occurrence, done));
            return done.Task;
        }
    }

    internal IDisposable EnterTurn()
    {
        lock (_lock) MaxInTurn = Math.Max(MaxInTurn, ++_inTurn);
        return new TurnScope(this);
    }

    internal void Log(CallStamp stamp)
    {
        lock (_lock) _calls.Add(stamp);
    }

    internal void Started(string phase) => Append(phase);

    internal void Activating()
    {
        lock (_lock)
        {
            _activations++;
            MaxLive = Math.Max(MaxLive, ++_live);
        }
        Append("activating");
    }

    internal void Deactivating(DeactivationReason reason)
    {
        lock (_lock) _deactivations.Add(reason);
        Append("deactivating");
    }

    internal void Deactivated()
    {
        lock (_lock) _live--;
        Append("deactivated");
    }

    private void ExitTurn()
    {
        lock (_lock) _inTurn--;
    }

    private void Append(string evt)
    {
        List<TaskCompletionSource> ready;
        lock (_lock)
        {
            _events.Add(evt);
            var count = _events.Count(e => e == evt);
            ready = _waiters.Where(w => w.Event == evt && w.Occurrence <= count).Select(w => w.Done).ToList();
            _waiters.RemoveAll(w => w.Event == evt && w.Occurrence <= count);
        }
        foreach (var done in ready) done.TrySetResult();
    }

    public override string ToString() => $"{key}: {string.Join(", ", Events)}";

    private sealed class TurnScope(KeyRecord owner) : IDisposable
    {
        public void Dispose() => owner.ExitTurn();
    }
}
