using GrainPipeline.Runtime.Storage;
using GrainPipeline.Stores.Postgres.Hosting;
using GrainPipeline.Stores.Tests.Conformance;
using GrainPipeline.Stores.Tests.Infrastructure;

namespace GrainPipeline.Stores.Tests.Postgres;

[Collection(PostgresCollection.Name)]
public sealed class PostgresGrainStorageTests(PostgresServerFixture postgres) : GrainStorageConformance
{
    private PostgresStores _stores = null!;

    protected override async Task<IGrainStorage> CreateStorageAsync()
    {
        _stores = await postgres.StartStoresAsync();
        return _stores.GrainStorage;
    }

    protected override async Task DisposeStorageAsync() => await _stores.DisposeAsync();
}
