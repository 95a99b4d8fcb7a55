using System.Diagnostics;
using GrainPipeline.Stores.Abstractions;
using GrainPipeline.Stores.Redis.Options;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace GrainPipeline.Stores.Redis.Resp;

/// <summary>
/// The silo's one Redis connection: multiplexed and pipelined. Callers never wait for each other's
/// round trips — commands are queued, the writer sends whatever is queued in one socket write, and
/// replies complete the callers in order. At most <see cref="RedisOptions.MaxPendingCommands"/>
/// commands are queued or unanswered; a caller beyond that waits, with its own token, for a slot.
/// When the server is unreachable, commands fail at once with <see cref="StoreUnavailableException"/>
/// while a background loop reconnects with capped exponential backoff.
/// </summary>
public sealed class RedisConnection : IAsyncDisposable
{
    private readonly RedisOptions _options;
    private readonly ILogger _logger;
    private readonly CommandGate _gate;
    private readonly CancellationTokenSource _disposing = new();
    private readonly ITimer _watchdog;
    private readonly string _endpoint;
    private RedisSession? _session;
    private Exception? _lastError;
    private Task _reconnecting = Task.CompletedTask;
    private long _reconnects;
    private int _disposed;

    private RedisConnection(RedisOptions options, ILogger logger)
    {
        _options = options;
        _logger = logger;
        _endpoint = $"{options.Host}:{options.Port}";
        _gate = new CommandGate(options.MaxPendingCommands, () => Volatile.Read(ref _session), Unreachable);
        var period = TimeSpan.FromTicks(Math.Min(TimeSpan.FromSeconds(1).Ticks, options.ResponseTimeout.Ticks / 4));
        _watchdog = TimeProvider.System.CreateTimer(static state => ((RedisConnection)state!).CheckForHungSession(), this, period, period);
    }

    public RedisOptions Options => _options;

    /// <summary>True while a session is up; commands fail fast otherwise.</summary>
    public bool IsConnected => Volatile.Read(ref _session) is not null;

    /// <summary>Commands queued for the socket or awaiting a reply (a gauge; at most MaxPendingCommands).</summary>
    public int PendingCommands => _gate.Admitted;

    /// <summary>Callers waiting for a pending slot (a gauge).</summary>
    public int WaitingCommands => _gate.Waiting;

    /// <summary>Socket writes and commands sent, over every session.</summary>
    public RedisCounters Counters { get; } = new();

    /// <summary>Sessions made after the first (a counter).</summary>
    public long Reconnects => Interlocked.Read(ref _reconnects);

    /// <summary>Connects (or fails with <see cref="StoreUnavailableException"/>), then stays connected until disposed.</summary>
    public static async Task<RedisConnection> ConnectAsync(RedisOptions options, ILogger? logger = null, CancellationToken cancellation = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        RedisOptionsValidator.ThrowIfInvalid(options);
        var connection = new RedisConnection(options, logger ?? NullLogger.Instance);
        try
        {
            connection.Install(await RedisSession.ConnectAsync(options, connection.Counters, cancellation));
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
        RedisLog.Connected(connection._logger, connection._endpoint, options.Database);
        return connection;
    }

    /// <summary>
    /// Sends one command. The task completes with the reply, faults with <see cref="RedisServerException"/>
    /// on an error reply or <see cref="StoreUnavailableException"/> when the connection is down, and is
    /// cancelled by <paramref name="cancellation"/> (the command may still run on the server). Commands
    /// reach the server in the order they were issued, also when the pending bound made them wait.
    /// </summary>
    public Task<RespValue> ExecuteAsync(RespRequest request, CancellationToken cancellation)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (Volatile.Read(ref _disposed) != 0) return Task.FromException<RespValue>(new ObjectDisposedException(nameof(RedisConnection)));
        if (cancellation.IsCancellationRequested) return Task.FromCanceled<RespValue>(cancellation);
        if (Volatile.Read(ref _session) is null) return Task.FromException<RespValue>(Unreachable());
        var command = new PendingCommand(request, _gate);
        command.WatchCancellation(cancellation);
        _gate.Submit(command);
        return command.Task;
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0) return;
        await _watchdog.DisposeAsync();
        // Let what is already sent or queued finish (bounded), then close.
        var drainUntil = Stopwatch.GetTimestamp() + (long)(_options.CommandTimeout.TotalSeconds * Stopwatch.Frequency);
        while (PendingCommands > 0 && IsConnected && Stopwatch.GetTimestamp() < drainUntil) await Task.Delay(5);
        await _disposing.CancelAsync();
        await CloseSessionAsync();
        try
        {
            await Volatile.Read(ref _reconnecting);
        }
        catch (OperationCanceledException)
        {
            // Stopped by dispose.
        }
        await CloseSessionAsync(); // one a reconnect installed just as we were closing
        _disposing.Dispose();
    }

    private async Task CloseSessionAsync()
    {
        if (Interlocked.Exchange(ref _session, null) is not { } session) return;
        session.Fail(new ObjectDisposedException(nameof(RedisConnection)));
        await session.Completion;
    }

    private StoreUnavailableException Unreachable()
    {
        var last = Volatile.Read(ref _lastError);
        return new StoreUnavailableException(
            $"Redis at {_endpoint} is unreachable; reconnecting in the background{(last is null ? "" : $" (last error: {last.Message})")}.", last);
    }

    private void Install(RedisSession session)
    {
        Volatile.Write(ref _session, session);
        session.Start();
        _ = WatchAsync(session);
    }

    private async Task WatchAsync(RedisSession session)
    {
        var reason = await session.Completion;
        if (Interlocked.CompareExchange(ref _session, null, session) != session) return; // disposed
        Volatile.Write(ref _lastError, reason);
        RedisLog.Disconnected(_logger, reason, _endpoint);
        Volatile.Write(ref _reconnecting, ReconnectAsync());
    }

    private async Task ReconnectAsync()
    {
        var backoff = _options.ReconnectMinBackoff;
        var attempt = 0;
        while (!_disposing.IsCancellationRequested)
        {
            // Full jitter around the backoff, so that many silos do not reconnect in step.
            var wait = TimeSpan.FromTicks((long)(backoff.Ticks * (0.5 + (Random.Shared.NextDouble() / 2))));
            await Task.Delay(wait, _disposing.Token);
            attempt++;
            try
            {
                var session = await RedisSession.ConnectAsync(_options, Counters, _disposing.Token);
                if (_disposing.IsCancellationRequested)
                {
                    session.Start();
                    session.Fail(new ObjectDisposedException(nameof(RedisConnection)));
                    return;
                }
                Interlocked.Increment(ref _reconnects);
                Install(session);
                RedisLog.Reconnected(_logger, _endpoint, attempt);
                return;
            }
            catch (StoreUnavailableException e)
            {
                Volatile.Write(ref _lastError, e.InnerException ?? e);
                RedisLog.ReconnectFailed(_logger, _endpoint, attempt, backoff, e.Message);
            }
            backoff = TimeSpan.FromTicks(Math.Min(backoff.Ticks * 2, _options.ReconnectMaxBackoff.Ticks));
        }
    }

    private void CheckForHungSession()
    {
        if (Volatile.Read(ref _session) is not { OldestWrittenAt: { } writtenAt } session) return;
        var waited = Stopwatch.GetElapsedTime(writtenAt);
        if (waited > _options.ResponseTimeout)
            session.Fail(new TimeoutException($"Redis at {_endpoint} sent no reply for {waited.TotalSeconds:0.#} s (Redis:ResponseTimeout is {_options.ResponseTimeout})."));
    }
}
