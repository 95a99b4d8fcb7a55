using GrainPipeline.Stores.Redis.Options;

namespace GrainPipeline.Stores.Tests.Infrastructure;

public static class OptionsCloning
{
    /// <summary>A copy of the options with one change.</summary>
    public static RedisOptions Clone(this RedisOptions options, Action<RedisOptions> change)
    {
        var copy = (RedisOptions)typeof(RedisOptions).GetMethod("MemberwiseClone", System.Reflection.BindingFlags.Instance | System.Reflection.BindingFlags.NonPublic)!.Invoke(options, null)!;
        change(copy);
        return copy;
    }
}
