using GrainPipeline.Stores.Postgres.Migrations;
using GrainPipeline.Stores.Tests.Infrastructure;
using Npgsql;

namespace GrainPipeline.Stores.Tests.Postgres;

[Collection(PostgresCollection.Name)]
public sealed class PostgresMigrationTests(PostgresServerFixture postgres)
{
    [Fact]
    public async Task Migrations_create_the_contract_tables_once_and_then_do_nothing()
    {
        await using var source = NpgsqlDataSource.Create(await postgres.CreateDatabaseAsync(migrated: false));
        (await PostgresMigrator.CurrentVersionAsync(source, default)).Should().Be(0);
        (await PostgresMigrator.MigrateAsync(source, default)).Should().Equal(Schema.Migrations.Select(m => m.Version));
        (await PostgresMigrator.MigrateAsync(source, default)).Should().BeEmpty("the schema is up to date");
        (await PostgresMigrator.CurrentVersionAsync(source, default)).Should().Be(Schema.Migrations.Max(m => m.Version));

        var columns = await ColumnsAsync(source);
        columns["events"].Should().Equal("event_id", "shop", "client_id", "name", "occurred_at", "kafka_partition", "kafka_offset", "payload", "write_seq");
        columns["product_stats"].Should().Equal("shop", "product_id", "day", "views", "adds_to_cart", "purchases", "revenue");
        columns["customers"].Should().Equal("shop", "client_id", "first_seen", "last_seen", "email", "events", "orders", "revenue");
        columns["weekly_visitors"].Should().Equal("shop", "week_start", "client_id");
        columns.Keys.Should().Contain(["ad_leads", "attributions", "applied_stat_batches", "grain_state", "reminders", "gp_schema_version", "product_stats_buffer", "product_stats_pending"]);
        (await PrimaryKeyAsync(source, "product_stats")).Should().Equal("shop", "product_id", "day");
        (await PrimaryKeyAsync(source, "attributions")).Should().Equal("shop", "order_id", "model");
        (await PrimaryKeyAsync(source, "customers")).Should().Equal("shop", "client_id");
        (await PrimaryKeyAsync(source, "events")).Should().Equal("event_id");
    }

    [Fact]
    public async Task Silos_migrating_at_the_same_time_all_succeed_and_apply_each_step_once()
    {
        var database = await postgres.CreateDatabaseAsync(migrated: false);
        var sources = Enumerable.Range(0, 4).Select(_ => NpgsqlDataSource.Create(database)).ToList();
        try
        {
            var applied = await Task.WhenAll(sources.Select(s => PostgresMigrator.MigrateAsync(s, default)));
            applied.SelectMany(a => a).Should().Equal(Schema.Migrations.Select(m => m.Version), "exactly one silo applied the steps");
        }
        finally
        {
            foreach (var source in sources) await source.DisposeAsync();
        }
    }

    private static async Task<Dictionary<string, List<string>>> ColumnsAsync(NpgsqlDataSource source)
    {
        var columns = new Dictionary<string, List<string>>();
        await using var command = source.CreateCommand(
            "SELECT table_name, column_name FROM information_schema.columns WHERE table_schema = 'public' ORDER BY table_name, ordinal_position");
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            if (!columns.TryGetValue(reader.GetString(0), out var list)) columns[reader.GetString(0)] = list = [];
            list.Add(reader.GetString(1));
        }
        return columns;
    }

    private static async Task<List<string>> PrimaryKeyAsync(NpgsqlDataSource source, string table)
    {
        await using var command = source.CreateCommand("""
            SELECT a.attname FROM pg_index i
            JOIN LATERAL unnest(i.indkey) WITH ORDINALITY AS k(attnum, ord) ON true
            JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = k.attnum
            WHERE i.indrelid = $1::regclass AND i.indisprimary ORDER BY k.ord
            """);
        command.Parameters.Add(new NpgsqlParameter { Value = table });
        var names = new List<string>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync()) names.Add(reader.GetString(0));
        return names;
    }
}
