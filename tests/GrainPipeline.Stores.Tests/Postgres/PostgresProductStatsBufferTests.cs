using GrainPipeline.Stores.Abstractions;
using GrainPipeline.Stores.Postgres.Hosting;
using GrainPipeline.Stores.Tests.Conformance;
using GrainPipeline.Stores.Tests.Infrastructure;

namespace GrainPipeline.Stores.Tests.Postgres;

[Collection(PostgresCollection.Name)]
public sealed class PostgresProductStatsBufferTests(PostgresServerFixture postgres) : ProductStatsBufferConformance
{
    private PostgresStores _stores = null!;

    protected override async Task<IProductStatsBuffer> CreateBufferAsync()
    {
        _stores = await postgres.StartStoresAsync();
        return _stores.StatsBuffer;
    }

    protected override async Task DisposeBufferAsync() => await _stores.DisposeAsync();
}
