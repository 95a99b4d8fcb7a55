using System.Diagnostics;

namespace GrainPipeline.Ingest.Budget;

/// <summary>
/// In-flight limit on messages AND bytes, checked together under one lock (never two chained
/// limiters: one could admit what the other then blocks). The poll loop is the only acquirer and
/// never waits: it asks, and pauses Kafka when refused. Releases come from completing events.
/// A single message bigger than the byte limit is admitted when nothing else is in flight, or it
/// would wait for ever.
/// </summary>
public sealed class DualBudget
{
    private readonly Lock _lock = new();
    private readonly ManualResetEventSlim _released = new(false);
    private readonly long _maxMessages;
    private readonly long _maxBytes;
    private readonly long _resumeMessages;
    private readonly long _resumeBytes;
    private long _messages;
    private long _bytes;
    private long _peakMessages;
    private long _peakBytes;

    public DualBudget(long maxMessages, long maxBytes, double resumeFraction)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxMessages, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxBytes, 1);
        if (resumeFraction is <= 0 or > 1) throw new ArgumentOutOfRangeException(nameof(resumeFraction), resumeFraction, "must be in (0, 1]");
        _maxMessages = maxMessages;
        _maxBytes = maxBytes;
        _resumeMessages = (long)(maxMessages * resumeFraction);
        _resumeBytes = (long)(maxBytes * resumeFraction);
    }

    public long MaxMessages => _maxMessages;
    public long MaxBytes => _maxBytes;

    public long InFlightMessages { get { lock (_lock) return _messages; } }
    public long InFlightBytes { get { lock (_lock) return _bytes; } }
    public long PeakMessages { get { lock (_lock) return _peakMessages; } }
    public long PeakBytes { get { lock (_lock) return _peakBytes; } }

    /// <summary>Takes one message of <paramref name="bytes"/> if both limits allow it.</summary>
    public bool TryAcquire(long bytes)
    {
        lock (_lock)
        {
            var fits = _messages + 1 <= _maxMessages && _bytes + bytes <= _maxBytes;
            var oversizedAlone = _messages == 0 && bytes > _maxBytes;
            if (!fits && !oversizedAlone) return false;
            _messages++;
            _bytes += bytes;
            if (_messages > _peakMessages) _peakMessages = _messages;
            if (_bytes > _peakBytes) _peakBytes = _bytes;
            AssertInvariants();
            return true;
        }
    }

    public void Release(long bytes)
    {
        lock (_lock)
        {
            _messages--;
            _bytes -= bytes;
            AssertInvariants();
        }
        _released.Set();
    }

    /// <summary>
    /// Blocks the (single) acquirer until some lease is released or the timeout passes. Used for
    /// short saturations, so that librdkafka keeps its bounded prefetch instead of a pause discarding it.
    /// </summary>
    public bool WaitForRelease(TimeSpan timeout)
    {
        var released = _released.Wait(timeout);
        _released.Reset();
        return released;
    }

    /// <summary>True once both counts are at or below the resume mark (the low-water mark).</summary>
    public bool IsBelowResumeMark
    {
        get { lock (_lock) return _messages <= _resumeMessages && _bytes <= _resumeBytes; }
    }

    [Conditional("DEBUG")]
    private void AssertInvariants()
    {
        Debug.Assert(_messages >= 0 && _bytes >= 0, "released more than acquired");
        Debug.Assert(_messages <= _maxMessages, "message limit exceeded");
        Debug.Assert(_bytes <= _maxBytes || _messages == 1, "byte limit exceeded by more than one oversized message");
    }
}
