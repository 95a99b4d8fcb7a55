using System.Diagnostics;

namespace GrainPipeline.Collector.Producing;

/// <summary>
/// Bounds what admitted requests hold at once: a count of requests and a sum of body bytes.
/// It never queues: a request that does not fit is refused at once (the endpoint answers 503 with
/// Retry-After), because a waiting line of requests is exactly the unbounded buffer this service
/// must not become. A lease is released when the request's records are acknowledged or failed —
/// not when the response is written — so bytes still in the producer stay counted.
/// </summary>
public sealed class RequestBudget
{
    private readonly Lock _gate = new();
    private int _requests;
    private long _bytes;
    private int _peakRequests;
    private long _peakBytes;

    public RequestBudget(int maxRequests, long maxBytes)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxRequests, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxBytes, 1);
        MaxRequests = maxRequests;
        MaxBytes = maxBytes;
    }

    public int MaxRequests { get; }
    public long MaxBytes { get; }

    public int InFlightRequests { get { lock (_gate) return _requests; } }
    public long InFlightBytes { get { lock (_gate) return _bytes; } }

    /// <summary>Highest concurrent request count seen; tests and the load figures read it.</summary>
    public int PeakRequests { get { lock (_gate) return _peakRequests; } }

    /// <summary>Highest concurrent byte sum seen.</summary>
    public long PeakBytes { get { lock (_gate) return _peakBytes; } }

    /// <summary>Takes room for one request of <paramref name="bytes"/> bytes, or returns null at once.</summary>
    public Lease? TryAcquire(long bytes)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(bytes);
        lock (_gate)
        {
            // A body larger than the whole byte budget is admitted alone, or it could never be
            // admitted; the options validator keeps MaxBytes >= the request size limit anyway.
            var fits = _requests < MaxRequests && (_bytes + bytes <= MaxBytes || _requests == 0);
            if (!fits) return null;
            _requests++;
            _bytes += bytes;
            _peakRequests = Math.Max(_peakRequests, _requests);
            _peakBytes = Math.Max(_peakBytes, _bytes);
            AssertInvariants();
            return new Lease(this, bytes);
        }
    }

    private void Release(long bytes)
    {
        lock (_gate)
        {
            _requests--;
            _bytes -= bytes;
            AssertInvariants();
        }
    }

    [Conditional("DEBUG")]
    private void AssertInvariants()
    {
        Debug.Assert(_requests >= 0 && _requests <= MaxRequests, "request count out of range");
        Debug.Assert(_bytes >= 0, "byte count negative");
        Debug.Assert(_requests > 0 || _bytes == 0, "bytes held without a request");
    }

    /// <summary>Room held by one request; disposing it (once) gives the room back.</summary>
    public sealed class Lease : IDisposable
    {
        private RequestBudget? _owner;

        internal Lease(RequestBudget owner, long bytes)
        {
            _owner = owner;
            Bytes = bytes;
        }

        public long Bytes { get; }

        public void Dispose() => Interlocked.Exchange(ref _owner, null)?.Release(Bytes);
    }
}
