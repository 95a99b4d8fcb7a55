using GrainPipeline.Stores.Abstractions;
using GrainPipeline.Stores.Model;
using GrainPipeline.Stores.Postgres.Hosting;
using GrainPipeline.Stores.Tests.Conformance;
using GrainPipeline.Stores.Tests.Infrastructure;

namespace GrainPipeline.Stores.Tests.Postgres;

[Collection(PostgresCollection.Name)]
public sealed class PostgresAttributionStoreTests(PostgresServerFixture postgres) : AttributionStoreConformance
{
    private PostgresStores _stores = null!;

    protected override async Task<IAttributionStore> CreateStoreAsync()
    {
        _stores = await postgres.StartStoresAsync();
        return _stores.Attributions;
    }

    protected override Task<Attribution?> ReadBackAsync(string shop, string orderId, string model) => _stores.Attributions.GetAsync(shop, orderId, model, default);

    protected override async Task DisposeStoreAsync() => await _stores.DisposeAsync();
}
