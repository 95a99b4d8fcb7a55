using System.Diagnostics;
using GrainPipeline.Stores.Abstractions;
using GrainPipeline.Stores.Postgres.Hosting;
using GrainPipeline.Stores.Tests.Conformance;
using GrainPipeline.Stores.Tests.Infrastructure;

namespace GrainPipeline.Stores.Tests.Postgres;

/// <summary>Timeouts and an unreachable server: every call ends in time, outages as <see cref="StoreUnavailableException"/>.</summary>
[Collection(PostgresCollection.Name)]
public sealed class PostgresOutageTests(PostgresServerFixture postgres)
{
    [Fact]
    public async Task Starting_against_no_server_fails_as_unavailable()
    {
        var options = PostgresServerFixture.OptionsFor($"Host=127.0.0.1;Port={LocalProcess.FreePort()};Username=postgres;Database=postgres");
        var act = async () => await PostgresStores.StartAsync(options);
        await act.Should().ThrowAsync<StoreUnavailableException>();
    }

    [Fact]
    public async Task A_blocked_write_ends_with_the_callers_token_or_else_the_command_timeout()
    {
        await using var stores = await postgres.StartStoresAsync(o => o.CommandTimeout = TimeSpan.FromSeconds(1));
        // Another session holds the tables: every write waits on the lock.
        await using var blocker = await stores.Context.DataSource.OpenConnectionAsync();
        await using var transaction = await blocker.BeginTransactionAsync();
        await using (var lockTables = new Npgsql.NpgsqlCommand("LOCK TABLE events, customers IN ACCESS EXCLUSIVE MODE", blocker, transaction))
            await lockTables.ExecuteNonQueryAsync();

        var watch = Stopwatch.StartNew();
        using (var caller = new CancellationTokenSource(TimeSpan.FromMilliseconds(200)))
        {
            var append = async () => await stores.Events.TryAppendAsync(TestData.Event("blocked-1"), caller.Token);
            await append.Should().ThrowAsync<OperationCanceledException>("the caller's token fired first");
        }
        watch.Elapsed.Should().BeLessThan(TimeSpan.FromSeconds(3));

        watch.Restart();
        var record = async () => await stores.Customers.RecordAsync(new("s", "c", TestData.T0, null, 1, 0, 0m), default);
        (await record.Should().ThrowAsync<StoreUnavailableException>()).WithInnerException<TimeoutException>();
        watch.Elapsed.Should().BeLessThan(TimeSpan.FromSeconds(6), "Postgres:CommandTimeout is 1 s");

        var read = async () => await stores.Customers.GetAsync("s", "c", default);
        await read.Should().ThrowAsync<StoreUnavailableException>();
        await transaction.RollbackAsync();
        (await stores.Events.TryAppendAsync(TestData.Event("after-the-lock"), default)).Should().BeTrue();
    }

    [Fact]
    public async Task Calls_fail_as_unavailable_while_the_server_is_down_and_work_after_it_returns()
    {
        using var server = LocalPostgresServer.Start();
        var options = PostgresServerFixture.OptionsFor(server.ConnectionString());
        options.ConnectTimeout = TimeSpan.FromSeconds(2);
        options.CommandTimeout = TimeSpan.FromSeconds(3);
        await using var stores = await PostgresStores.StartAsync(options);
        (await stores.Events.TryAppendAsync(TestData.Event("before"), default)).Should().BeTrue();

        server.Stop();
        var append = async () => await stores.Events.TryAppendAsync(TestData.Event("during"), default);
        await append.Should().ThrowAsync<StoreUnavailableException>();
        var lookup = async () => await stores.Events.FindWriteSequencesAsync(["before"], default);
        await lookup.Should().ThrowAsync<StoreUnavailableException>();

        server.Launch();
        await Eventually.TrueAsync(() => TryAppend(stores, "after").GetAwaiter().GetResult(), "writes succeed again");
        (await stores.Events.FindWriteSequencesAsync(["before", "after"], default)).Should().HaveCount(2);
    }

    private static async Task<bool> TryAppend(PostgresStores stores, string id)
    {
        try
        {
            await stores.Events.TryAppendAsync(TestData.Event(id), default);
            return true;
        }
        catch (StoreUnavailableException)
        {
            return false;
        }
    }
}
