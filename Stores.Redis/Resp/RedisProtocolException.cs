namespace GrainPipeline.Stores.Redis.Resp;

/// <summary>The bytes on the connection are not valid RESP2 (or exceed a bound); the connection is dropped.</summary>
public sealed class RedisProtocolException(string message) : IOException(message);
