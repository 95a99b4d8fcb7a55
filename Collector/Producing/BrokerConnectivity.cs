using System.Text.Json;

namespace GrainPipeline.Collector.Producing;

/// <summary>
/// What the producer knows about the brokers, fed from librdkafka's statistics and error callbacks.
/// It lets a request fail fast with 503 while every broker is known to be down, instead of each
/// request waiting out the whole delivery timeout, and it backs <c>/readyz</c> and <c>/healthz</c>.
/// </summary>
public sealed class BrokerConnectivity
{
    private readonly TimeProvider _time;
    private readonly TimeSpan _staleAfter;
    private long _lastStatsTimestamp;
    private volatile bool _anyBrokerUp;
    private volatile bool _allBrokersDown;
    private volatile string? _fatalError;
    private long _queuedMessages;
    private long _queuedBytes;

    public BrokerConnectivity(TimeProvider time, TimeSpan staleAfter)
    {
        _time = time;
        _staleAfter = staleAfter;
    }

    /// <summary>False once librdkafka reported a fatal error: the producer is unusable and the pod should restart.</summary>
    public bool IsAlive => _fatalError is null;

    public string? FatalError => _fatalError;

    /// <summary>A broker connection is up, per statistics no older than the stale limit.</summary>
    public bool IsReady =>
        IsAlive && _anyBrokerUp && !_allBrokersDown &&
        _time.GetElapsedTime(Interlocked.Read(ref _lastStatsTimestamp)) <= _staleAfter;

    /// <summary>False while requests should be refused without producing: brokers down or producer dead.</summary>
    public bool AcceptsProduce => IsAlive && !_allBrokersDown;

    /// <summary>Records waiting in librdkafka's queue (statistics <c>msg_cnt</c>).</summary>
    public long QueuedMessages => Interlocked.Read(ref _queuedMessages);

    /// <summary>Bytes waiting in librdkafka's queue (statistics <c>msg_size</c>).</summary>
    public long QueuedBytes => Interlocked.Read(ref _queuedBytes);

    /// <summary>librdkafka's <c>_ALL_BROKERS_DOWN</c> error: no broker connection is left.</summary>
    public void OnAllBrokersDown() => _allBrokersDown = true;

    /// <summary>A delivery was acknowledged, so at least one broker is reachable again.</summary>
    public void OnDelivered()
    {
        if (_allBrokersDown) _allBrokersDown = false;
    }

    public void OnFatalError(string reason) => _fatalError ??= reason;

    /// <summary>Reads the statistics JSON librdkafka emits every <c>statistics.interval.ms</c>.</summary>
    public void OnStatistics(string json)
    {
        ArgumentNullException.ThrowIfNull(json);
        var anyUp = false;
        using (var document = JsonDocument.Parse(json))
        {
            var root = document.RootElement;
            if (root.TryGetProperty("msg_cnt", out var count) && count.TryGetInt64(out var messages))
                Interlocked.Exchange(ref _queuedMessages, messages);
            if (root.TryGetProperty("msg_size", out var size) && size.TryGetInt64(out var bytes))
                Interlocked.Exchange(ref _queuedBytes, bytes);
            if (root.TryGetProperty("brokers", out var brokers) && brokers.ValueKind == JsonValueKind.Object)
            {
                foreach (var broker in brokers.EnumerateObject())
                {
                    if (broker.Value.TryGetProperty("state", out var state) && state.ValueEquals("UP"u8))
                    {
                        anyUp = true;
                        break;
                    }
                }
            }
        }

        _anyBrokerUp = anyUp;
        // librdkafka reports "all brokers down" but never "one is back": a connection seen UP is that signal.
        if (anyUp) _allBrokersDown = false;
        Interlocked.Exchange(ref _lastStatsTimestamp, _time.GetTimestamp());
    }
}
