using GrainPipeline.Stores.Abstractions;

namespace GrainPipeline.Stores.Redis.Resp;

/// <summary>Redis answered a command with an error reply (e.g. WRONGTYPE, NOSCRIPT, a script error).</summary>
public sealed class RedisServerException(string message, string command) : Exception($"Redis {command}: {message}")
{
    public string ServerMessage => message;

    public string Command => command;

    /// <summary>The error's first word: ERR, WRONGTYPE, NOSCRIPT, LOADING, …</summary>
    public string Code => message.Split(' ', 2)[0];

    public bool IsNoScript => Code == "NOSCRIPT";

    /// <summary>
    /// Errors that say the server cannot serve right now rather than that the command is wrong; the
    /// caller retries them like an outage.
    /// </summary>
    internal static Exception From(string message, string command)
    {
        var error = new RedisServerException(message, command);
        return error.Code is "LOADING" or "BUSY" or "MASTERDOWN" or "TRYAGAIN" or "CLUSTERDOWN" or "READONLY"
            ? new StoreUnavailableException($"Redis cannot serve {command} right now: {message}", error)
            : error;
    }
}
