using System.Security.Cryptography;
using System.Text;

namespace GrainPipeline.Stores.Redis.Resp;

/// <summary>
/// A Lua script run by EVALSHA. Its SHA1 is computed here, so the script body crosses the wire only
/// when the server does not have it: once at start (<see cref="RedisCommands.ScriptLoadAsync"/>) and
/// again after a NOSCRIPT reply (a restarted or flushed server).
/// </summary>
public sealed class RedisScript
{
    public RedisScript(string name, string source)
    {
        ArgumentException.ThrowIfNullOrEmpty(source);
        Name = name;
        Source = source;
        Sha1 = Convert.ToHexStringLower(SHA1.HashData(Encoding.UTF8.GetBytes(source)));
    }

    /// <summary>A short name for error messages.</summary>
    public string Name { get; }

    public string Source { get; }

    /// <summary>Lower-case hex SHA1 of the source, as Redis names the script.</summary>
    public string Sha1 { get; }

    public override string ToString() => $"{Name} ({Sha1[..8]})";
}
