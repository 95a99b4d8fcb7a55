using GrainPipeline.Stores.Postgres.Hosting;
using GrainPipeline.Stores.Postgres.Migrations;
using GrainPipeline.Stores.Postgres.Options;
using Npgsql;

namespace GrainPipeline.Stores.Tests.Infrastructure;

/// <summary>
/// One private PostgreSQL for the tests of the <see cref="PostgresCollection"/>. A migrated template
/// database is made once; each test gets a fresh copy of it (CREATE DATABASE … TEMPLATE), so tests
/// never see each other's rows.
/// </summary>
public sealed class PostgresServerFixture : IAsyncLifetime
{
    private const string Template = "gp_template";
    private NpgsqlDataSource _admin = null!;

    public LocalPostgresServer Server { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Server = LocalPostgresServer.Start();
        _admin = NpgsqlDataSource.Create(Server.ConnectionString());
        await ExecuteAsync($"CREATE DATABASE {Template}");
        await using (var template = NpgsqlDataSource.Create(Server.ConnectionString(Template) + ";Pooling=false"))
            await PostgresMigrator.MigrateAsync(template, default);
    }

    public async Task DisposeAsync()
    {
        await _admin.DisposeAsync();
        Server.Dispose();
    }

    /// <summary>A new database: migrated (a copy of the template) or empty.</summary>
    public async Task<string> CreateDatabaseAsync(bool migrated = true)
    {
        var name = "t_" + Guid.NewGuid().ToString("N");
        await ExecuteAsync($"CREATE DATABASE {name} TEMPLATE {(migrated ? Template : "template0")}");
        return Server.ConnectionString(name);
    }

    public static PostgresOptions OptionsFor(string connectionString) => new()
    {
        ConnectionString = connectionString,
        CommandTimeout = TimeSpan.FromSeconds(10),
        MaxPoolSize = 16,
    };

    /// <summary>Stores over a fresh migrated database.</summary>
    public async Task<PostgresStores> StartStoresAsync(Action<PostgresOptions>? change = null)
    {
        var options = OptionsFor(await CreateDatabaseAsync());
        change?.Invoke(options);
        return await PostgresStores.StartAsync(options);
    }

    private async Task ExecuteAsync(string sql)
    {
        await using var command = _admin.CreateCommand(sql);
        await command.ExecuteNonQueryAsync();
    }
}
