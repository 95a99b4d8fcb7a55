using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using System.Threading.Channels;
using GrainPipeline.Stores.Abstractions;
using GrainPipeline.Stores.Redis.Options;

namespace GrainPipeline.Stores.Redis.Resp;

/// <summary>
/// One socket's life: a writer that drains the outbox into batched socket writes and a reader that
/// answers written commands in FIFO order. Any error ends the session; every command it still holds
/// (queued or written) then fails with <see cref="StoreUnavailableException"/>, and the connection
/// makes a new session.
/// </summary>
internal sealed class RedisSession
{
    private readonly Socket _socket;
    private readonly Stream _stream;
    private readonly RespReader _reader;
    private readonly string _endpoint;
    private readonly int _writeBufferBytes;
    private readonly Channel<PendingCommand> _outbox = Channel.CreateUnbounded<PendingCommand>(new UnboundedChannelOptions { SingleReader = true });
    private readonly ConcurrentQueue<PendingCommand> _written = new();
    private readonly CancellationTokenSource _stop = new();
    private readonly RedisCounters _counters;
    private Exception? _failure;
    private int _failed;

    private RedisSession(Socket socket, Stream stream, RedisOptions options, RedisCounters counters)
    {
        _counters = counters;
        _socket = socket;
        _stream = stream;
        _endpoint = $"{options.Host}:{options.Port}";
        _writeBufferBytes = options.WriteBufferBytes;
        _reader = new RespReader(stream, Math.Min(options.WriteBufferBytes, 64 * 1024), options.MaxReplyBytes);
    }

    /// <summary>Completes, with the reason, once both loops have stopped and every held command has failed.</summary>
    public Task<Exception> Completion { get; private set; } = Task.FromResult<Exception>(new InvalidOperationException("Not started."));

    /// <summary>Stopwatch timestamp of the oldest written command still awaiting its reply.</summary>
    public long? OldestWrittenAt => _written.TryPeek(out var command) ? command.WrittenAt : null;

    /// <summary>TCP connect, optional TLS, AUTH and SELECT — all within <see cref="RedisOptions.ConnectTimeout"/>.</summary>
    public static async Task<RedisSession> ConnectAsync(RedisOptions options, RedisCounters counters, CancellationToken cancellation)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellation);
        deadline.CancelAfter(options.ConnectTimeout);
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        Stream? stream = null;
        try
        {
            await socket.ConnectAsync(options.Host, options.Port, deadline.Token);
            stream = new NetworkStream(socket, ownsSocket: false);
            if (options.UseTls) stream = await AuthenticateTlsAsync(stream, options, deadline.Token);
            var session = new RedisSession(socket, stream, options, counters);
            await session.HandshakeAsync(options, deadline.Token);
            return session;
        }
        catch (Exception e)
        {
            if (stream is not null) await stream.DisposeAsync();
            socket.Dispose();
            if (e is OperationCanceledException && cancellation.IsCancellationRequested) throw;
            var cause = e is OperationCanceledException ? new TimeoutException($"Connecting took longer than {options.ConnectTimeout} (Redis:ConnectTimeout).", e) : e;
            throw new StoreUnavailableException($"Cannot connect to Redis at {options.Host}:{options.Port}: {cause.Message}", cause);
        }
    }

    public void Start() => Completion = RunAsync();

    /// <summary>False once the session is failing: the caller fails the command fast.</summary>
    public bool TryEnqueue(PendingCommand command) => Volatile.Read(ref _failed) == 0 && _outbox.Writer.TryWrite(command);

    /// <summary>Ends the session (first reason wins): stops the loops and closes the socket.</summary>
    public void Fail(Exception reason)
    {
        if (Interlocked.Exchange(ref _failed, 1) != 0) return;
        _failure = reason;
        _outbox.Writer.TryComplete();
        _stop.Cancel();
        try
        {
            _socket.Shutdown(SocketShutdown.Both);
        }
        catch (SocketException)
        {
            // Already gone; closing below is all that is left.
        }
        catch (ObjectDisposedException)
        {
            // Already closed.
        }
        _socket.Close();
    }

    private async Task<Exception> RunAsync()
    {
        await Task.WhenAll(Task.Run(WriteLoopAsync), Task.Run(ReadLoopAsync));
        var reason = _failure ?? new IOException("Session ended.");
        var error = reason as StoreUnavailableException
            ?? new StoreUnavailableException($"Redis connection to {_endpoint} was lost: {reason.Message}", reason);
        while (_outbox.Reader.TryRead(out var queued)) queued.Fail(error);
        while (_written.TryDequeue(out var written)) written.Fail(error);
        await _stream.DisposeAsync();
        _socket.Dispose();
        _stop.Dispose();
        return reason;
    }

    private async Task WriteLoopAsync()
    {
        var buffer = new byte[_writeBufferBytes];
        try
        {
            while (await _outbox.Reader.WaitToReadAsync(_stop.Token))
            {
                var used = 0;
                var batched = 0;
                while (_outbox.Reader.TryRead(out var command))
                {
                    if (command.Task.IsCompleted)
                    {
                        command.Skip(); // its caller gave up before it was sent
                        continue;
                    }
                    var bytes = command.Request.Bytes;
                    if (used > 0 && used + bytes.Length > buffer.Length)
                    {
                        await _stream.WriteAsync(buffer.AsMemory(0, used), _stop.Token);
                        _counters.Wrote(batched);
                        used = batched = 0;
                    }
                    command.WrittenAt = Stopwatch.GetTimestamp();
                    _written.Enqueue(command); // before its bytes leave: the reply can only come after
                    if (bytes.Length > buffer.Length)
                    {
                        await _stream.WriteAsync(bytes, _stop.Token);
                        _counters.Wrote(1);
                    }
                    else
                    {
                        bytes.CopyTo(buffer, used);
                        used += bytes.Length;
                        batched++;
                    }
                }
                if (used > 0)
                {
                    await _stream.WriteAsync(buffer.AsMemory(0, used), _stop.Token);
                    _counters.Wrote(batched);
                }
                await _stream.FlushAsync(_stop.Token);
            }
        }
        catch (Exception e)
        {
            Fail(e);
        }
    }

    private async Task ReadLoopAsync()
    {
        try
        {
            while (true)
            {
                var reply = await _reader.ReadAsync(_stop.Token);
                if (!_written.TryDequeue(out var command)) throw new RedisProtocolException($"Redis sent a reply nobody asked for: {reply}");
                command.Complete(reply);
            }
        }
        catch (Exception e)
        {
            Fail(e);
        }
    }

    private async Task HandshakeAsync(RedisOptions options, CancellationToken cancellation)
    {
        if (!string.IsNullOrEmpty(options.Password))
        {
            var auth = string.IsNullOrEmpty(options.User)
                ? RespRequest.Create("AUTH", options.Password)
                : RespRequest.Create("AUTH", options.User, options.Password);
            await ExpectOkAsync(auth, cancellation);
        }
        if (options.Database != 0) await ExpectOkAsync(RespRequest.Create("SELECT", options.Database), cancellation);
    }

    private async Task ExpectOkAsync(RespRequest request, CancellationToken cancellation)
    {
        await _stream.WriteAsync(request.Bytes, cancellation);
        await _stream.FlushAsync(cancellation);
        var reply = await _reader.ReadAsync(cancellation);
        if (reply.Type == RespType.Error) throw new RedisServerException(reply.ErrorMessage, request.Command);
        if (!reply.IsOk) throw new RedisProtocolException($"Redis answered {request.Command} with {reply}.");
    }

    private static async Task<Stream> AuthenticateTlsAsync(Stream inner, RedisOptions options, CancellationToken cancellation)
    {
        var tls = new SslStream(inner, leaveInnerStreamOpen: false);
        var authentication = new SslClientAuthenticationOptions { TargetHost = string.IsNullOrEmpty(options.TlsHost) ? options.Host : options.TlsHost };
        if (!string.IsNullOrEmpty(options.TlsCaCertificateFile))
        {
            var policy = new X509ChainPolicy { TrustMode = X509ChainTrustMode.CustomRootTrust, RevocationMode = X509RevocationMode.NoCheck };
            policy.CustomTrustStore.ImportFromPemFile(options.TlsCaCertificateFile);
            authentication.CertificateChainPolicy = policy;
        }
        await tls.AuthenticateAsClientAsync(authentication, cancellation);
        return tls;
    }
}
