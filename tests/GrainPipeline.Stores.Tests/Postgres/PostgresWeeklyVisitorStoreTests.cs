using GrainPipeline.Stores.Abstractions;
using GrainPipeline.Stores.Postgres.Hosting;
using GrainPipeline.Stores.Tests.Conformance;
using GrainPipeline.Stores.Tests.Infrastructure;

namespace GrainPipeline.Stores.Tests.Postgres;

[Collection(PostgresCollection.Name)]
public sealed class PostgresWeeklyVisitorStoreTests(PostgresServerFixture postgres) : WeeklyVisitorStoreConformance
{
    private PostgresStores _stores = null!;

    protected override async Task<IWeeklyVisitorStore> CreateStoreAsync()
    {
        _stores = await postgres.StartStoresAsync();
        return _stores.WeeklyVisitors;
    }

    protected override async Task DisposeStoreAsync() => await _stores.DisposeAsync();
}
