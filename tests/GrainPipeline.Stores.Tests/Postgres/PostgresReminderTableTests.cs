using GrainPipeline.Runtime.Timers;
using GrainPipeline.Stores.Postgres.Hosting;
using GrainPipeline.Stores.Tests.Conformance;
using GrainPipeline.Stores.Tests.Infrastructure;

namespace GrainPipeline.Stores.Tests.Postgres;

[Collection(PostgresCollection.Name)]
public sealed class PostgresReminderTableTests(PostgresServerFixture postgres) : ReminderTableConformance
{
    private PostgresStores _stores = null!;

    protected override async Task<IReminderTable> CreateTableAsync()
    {
        _stores = await postgres.StartStoresAsync();
        return _stores.Reminders;
    }

    protected override async Task DisposeTableAsync() => await _stores.DisposeAsync();
}
