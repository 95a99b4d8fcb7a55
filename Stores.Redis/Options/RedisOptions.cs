namespace GrainPipeline.Stores.Redis.Options;

/// <summary>Redis connection and adapter settings (section <c>Redis</c>); checked by <see cref="RedisOptionsValidator"/>.</summary>
public sealed class RedisOptions
{
    public const string Section = "Redis";
    public const int DefaultPort = 6379;
    public const int DefaultMaxPendingCommands = 4096;
    public const int DefaultWriteBufferBytes = 64 * 1024;
    public const int DefaultMaxReplyBytes = 64 * 1024 * 1024;
    public const int DefaultStatsScanCount = 100;

    public string Host { get; set; } = "127.0.0.1";

    public int Port { get; set; } = DefaultPort;

    /// <summary>ACL user for AUTH; empty uses the default user (AUTH with the password only).</summary>
    public string? User { get; set; }

    /// <summary>AUTH password; empty sends no AUTH.</summary>
    public string? Password { get; set; }

    /// <summary>Logical database chosen with SELECT after connecting.</summary>
    public int Database { get; set; }

    /// <summary>Wrap the connection in TLS (SslStream).</summary>
    public bool UseTls { get; set; }

    /// <summary>Name the server certificate must carry; defaults to <see cref="Host"/>.</summary>
    public string? TlsHost { get; set; }

    /// <summary>A PEM file with the CA that signed the server certificate, when it is not in the system store.</summary>
    public string? TlsCaCertificateFile { get; set; }

    /// <summary>TCP connect plus TLS handshake plus AUTH/SELECT must finish within this.</summary>
    public TimeSpan ConnectTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Each adapter call (which may be several pipelined commands) fails after this, on top of the caller's token.</summary>
    public TimeSpan CommandTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>The oldest command sent without a reply for this long means the connection is hung: it is dropped and re-made.</summary>
    public TimeSpan ResponseTimeout { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>Commands queued or awaiting a reply, at most; a caller beyond this waits (with its token) for a slot.</summary>
    public int MaxPendingCommands { get; set; } = DefaultMaxPendingCommands;

    /// <summary>The writer batches queued commands into socket writes of up to this many bytes.</summary>
    public int WriteBufferBytes { get; set; } = DefaultWriteBufferBytes;

    /// <summary>Largest single reply accepted; a larger one drops the connection.</summary>
    public int MaxReplyBytes { get; set; } = DefaultMaxReplyBytes;

    /// <summary>First wait before reconnecting; doubles per failed attempt up to <see cref="ReconnectMaxBackoff"/>.</summary>
    public TimeSpan ReconnectMinBackoff { get; set; } = TimeSpan.FromMilliseconds(100);

    public TimeSpan ReconnectMaxBackoff { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Prefix of every key the adapters write, so several pipelines (or tests) can share a server.</summary>
    public string KeyPrefix { get; set; } = "gp:";

    /// <summary>COUNT hint of the SCAN that finds a partition's buffered stat cells.</summary>
    public int StatsScanCount { get; set; } = DefaultStatsScanCount;

    /// <summary>A shop's weekly visitor set expires this long after its last addition.</summary>
    public TimeSpan WeeklyVisitorRetention { get; set; } = TimeSpan.FromDays(56);

    /// <summary>
    /// How long an event whose stats were added is remembered, so a redelivery or a replay of it adds
    /// nothing. One small key per event (~100 bytes of Redis memory) for this long; a replay from an
    /// offset older than this would count those events again.
    /// </summary>
    public TimeSpan StatsAppliedRetention { get; set; } = TimeSpan.FromDays(1);

    /// <summary>Upper bound of memory held by the pending-command queue, for the start-up memory check (commands are small; replies bounded by MaxReplyBytes).</summary>
    public long ExpectedQueueBytes(int averageCommandBytes = 256) => (long)MaxPendingCommands * averageCommandBytes + WriteBufferBytes + MaxReplyBytes;
}
