using GrainPipeline.Stores.Abstractions;
using GrainPipeline.Stores.Model;
using GrainPipeline.Stores.Postgres.Hosting;
using GrainPipeline.Stores.Tests.Conformance;
using GrainPipeline.Stores.Tests.Infrastructure;

namespace GrainPipeline.Stores.Tests.Postgres;

[Collection(PostgresCollection.Name)]
public sealed class PostgresAdLeadStoreTests(PostgresServerFixture postgres) : AdLeadStoreConformance
{
    private PostgresStores _stores = null!;

    protected override async Task<IAdLeadStore> CreateStoreAsync()
    {
        _stores = await postgres.StartStoresAsync();
        return _stores.AdLeads;
    }

    protected override Task<AdLead?> ReadBackAsync(string shop, string clientId, string clickKey) => _stores.AdLeads.GetAsync(shop, clientId, clickKey, default);

    protected override async Task DisposeStoreAsync() => await _stores.DisposeAsync();
}
