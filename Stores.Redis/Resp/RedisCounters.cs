namespace GrainPipeline.Stores.Redis.Resp;

/// <summary>What the connection has sent, for metrics and for seeing how well commands are batched.</summary>
public sealed class RedisCounters
{
    private long _socketWrites;
    private long _commandsSent;

    /// <summary>Socket writes made by the writer (each carries one or more commands).</summary>
    public long SocketWrites => Interlocked.Read(ref _socketWrites);

    public long CommandsSent => Interlocked.Read(ref _commandsSent);

    internal void Wrote(int commands)
    {
        Interlocked.Increment(ref _socketWrites);
        Interlocked.Add(ref _commandsSent, commands);
    }
}
