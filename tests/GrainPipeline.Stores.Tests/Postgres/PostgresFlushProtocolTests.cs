using GrainPipeline.Stores.Abstractions;
using GrainPipeline.Stores.Postgres.Hosting;
using GrainPipeline.Stores.Tests.Conformance;
using GrainPipeline.Stores.Tests.Infrastructure;

namespace GrainPipeline.Stores.Tests.Postgres;

/// <summary>The flush protocol with PostgreSQL as both buffer and store (a deployment without Redis).</summary>
[Collection(PostgresCollection.Name)]
public sealed class PostgresFlushProtocolTests(PostgresServerFixture postgres) : FlushProtocolConformance
{
    private PostgresStores _stores = null!;

    protected override async Task<(IProductStatsBuffer Buffer, IProductStatsStore Store)> CreateAsync()
    {
        _stores = await postgres.StartStoresAsync();
        return (_stores.StatsBuffer, _stores.ProductStats);
    }

    protected override async Task DisposeStoresAsync() => await _stores.DisposeAsync();
}
