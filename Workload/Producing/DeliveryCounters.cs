namespace GrainPipeline.Workload.Producing;

/// <summary>
/// Outcome counters of one run, written from the delivery-report thread and read by the producing loop
/// and progress displays. Counters are lock-free; the per-reason failure table takes a lock, which is
/// fine because failures are rare and the set of reasons is small (librdkafka error codes).
/// </summary>
internal sealed class DeliveryCounters
{
    private readonly Lock _reasonsGate = new();
    private readonly Dictionary<string, long> _reasons = [];
    private long _accepted;
    private long _valid;
    private long _poison;
    private long _failed;
    private long _failedAfterAcceptance;

    /// <summary>Records the client accepted into its queue (each will get exactly one delivery report).</summary>
    public long Accepted => Interlocked.Read(ref _accepted);

    public long Valid => Interlocked.Read(ref _valid);

    public long Poison => Interlocked.Read(ref _poison);

    public long Delivered => Valid + Poison;

    public long Failed => Interlocked.Read(ref _failed);

    /// <summary>Accepted records still waiting for their delivery report.</summary>
    public long InFlight => Accepted - Delivered - FailedAfterAcceptance;

    private long FailedAfterAcceptance => Interlocked.Read(ref _failedAfterAcceptance);

    public void OnAccepted() => Interlocked.Increment(ref _accepted);

    public void OnDelivered(bool poison)
    {
        if (poison) Interlocked.Increment(ref _poison);
        else Interlocked.Increment(ref _valid);
    }

    /// <summary>A delivery report with an error: the record was accepted but never stored.</summary>
    public void OnDeliveryFailed(string reason)
    {
        Interlocked.Increment(ref _failedAfterAcceptance);
        Fail(reason, 1);
    }

    /// <summary>The client refused the record outright (e.g. too large): it never entered the queue.</summary>
    public void OnRefused(string reason) => Fail(reason, 1);

    /// <summary>Records given up on at the end (no report before the flush timeout).</summary>
    public void OnAbandoned(string reason, long count)
    {
        if (count > 0) Fail(reason, count);
    }

    public IReadOnlyDictionary<string, long> FailureReasons()
    {
        lock (_reasonsGate) return new Dictionary<string, long>(_reasons);
    }

    private void Fail(string reason, long count)
    {
        Interlocked.Add(ref _failed, count);
        lock (_reasonsGate) _reasons[reason] = _reasons.GetValueOrDefault(reason) + count;
    }
}
