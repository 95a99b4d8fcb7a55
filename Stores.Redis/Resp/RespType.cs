namespace GrainPipeline.Stores.Redis.Resp;

/// <summary>The RESP2 reply kinds, by their first byte.</summary>
public enum RespType
{
    /// <summary><c>+OK</c></summary>
    SimpleString,

    /// <summary><c>-ERR message</c></summary>
    Error,

    /// <summary><c>:42</c></summary>
    Integer,

    /// <summary><c>$5 hello</c>, or <c>$-1</c> for null.</summary>
    BulkString,

    /// <summary><c>*2 …</c>, or <c>*-1</c> for null.</summary>
    Array,
}
