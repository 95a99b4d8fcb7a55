namespace GrainPipeline.Stores.Tests.Infrastructure;

/// <summary>Tests that share one <see cref="PostgresServerFixture"/>; they run one after another, beside the other collections.</summary>
[CollectionDefinition(Name)]
public sealed class PostgresCollection : ICollectionFixture<PostgresServerFixture>
{
    public const string Name = "postgres";
}
