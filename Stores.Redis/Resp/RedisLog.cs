using Microsoft.Extensions.Logging;

namespace GrainPipeline.Stores.Redis.Resp;

/// <summary>Logs of the Redis connection (rare events only; nothing per command).</summary>
internal static partial class RedisLog
{
    [LoggerMessage(Level = LogLevel.Information, Message = "Connected to Redis at {Endpoint}, database {Database}")]
    public static partial void Connected(ILogger logger, string endpoint, int database);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Lost the Redis connection to {Endpoint}; reconnecting")]
    public static partial void Disconnected(ILogger logger, Exception reason, string endpoint);

    [LoggerMessage(Level = LogLevel.Information, Message = "Reconnected to Redis at {Endpoint} after {Attempts} attempt(s)")]
    public static partial void Reconnected(ILogger logger, string endpoint, int attempts);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Reconnect {Attempt} to Redis at {Endpoint} failed (next wait about {Backoff}): {Reason}")]
    public static partial void ReconnectFailed(ILogger logger, string endpoint, int attempt, TimeSpan backoff, string reason);
}
