namespace GrainPipeline.Stores.Redis.Resp;

/// <summary>One page of SCAN, HSCAN or SSCAN: the cursor to continue from (0 = done) and the items.</summary>
public readonly record struct RedisScanPage(ulong Cursor, IReadOnlyList<RespValue> Items)
{
    public bool IsLast => Cursor == 0;
}
