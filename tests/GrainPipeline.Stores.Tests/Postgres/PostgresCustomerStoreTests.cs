using GrainPipeline.Stores.Abstractions;
using GrainPipeline.Stores.Postgres.Hosting;
using GrainPipeline.Stores.Tests.Conformance;
using GrainPipeline.Stores.Tests.Infrastructure;

namespace GrainPipeline.Stores.Tests.Postgres;

[Collection(PostgresCollection.Name)]
public sealed class PostgresCustomerStoreTests(PostgresServerFixture postgres) : CustomerStoreConformance
{
    private PostgresStores _stores = null!;

    protected override async Task<ICustomerStore> CreateStoreAsync()
    {
        _stores = await postgres.StartStoresAsync();
        return _stores.Customers;
    }

    protected override async Task DisposeStoreAsync() => await _stores.DisposeAsync();
}
