namespace GrainPipeline.Stores.Tests.Infrastructure;

/// <summary>Tests that share one <see cref="RedisServerFixture"/>; they run one after another, beside the other collections.</summary>
[CollectionDefinition(Name)]
public sealed class RedisCollection : ICollectionFixture<RedisServerFixture>
{
    public const string Name = "redis";
}
