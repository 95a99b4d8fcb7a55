using GrainPipeline.Silo.Hosting;
using GrainPipeline.Silo.Testing;
using GrainPipeline.Workload.Generation;
using GrainPipeline.Workload.Model;
using GrainPipeline.Workload.Producing;
using Npgsql;

namespace GrainPipeline.Integration.Tests;

/// <summary>
/// <c>grain-pipeline verify</c> as an operator runs it after a run of separate silos: against the
/// silos' real PostgreSQL and the broker's dead-letter topic, from the workload flags alone.
/// </summary>
[Collection(SerialCollection.Name)]
public sealed class VerifyCommandTests
{
    [Fact]
    public async Task Verify_passes_a_complete_run_and_names_what_is_missing_once_rows_are_gone()
    {
        var options = new TestClusterOptions { InitialSilos = 1, Partitions = 4, Stores = StoreKind.RedisPostgres };
        await using var cluster = await TestCluster.StartAsync(options);
        var spec = new WorkloadSpec { Events = 3_000, Users = 300, Shops = 5, Poison = 6, Seed = 31 };
        using (var producer = new WorkloadProducer(new ProduceOptions { Bootstrap = cluster.Broker.Bootstrap, BacklogProbe = new DelegateBacklogProbe(() => 0) }))
        {
            await producer.RunAsync(WorkloadGenerator.Generate(spec));
        }
        await cluster.WaitForCaughtUpAsync(TimeSpan.FromMinutes(1));
        foreach (var silo in cluster.Silos) await cluster.StopSiloAsync(silo); // the last flush moves the stats buffer

        var connection = cluster.Servers!.Postgres.ConnectionString();
        string[] Verify(int seed = 31) =>
        [
            "verify", "--bootstrap", cluster.Broker.Bootstrap, "--postgres", connection,
            "--events", "3000", "--users", "300", "--shops", "5", "--poison", "6", "--seed", $"{seed}",
        ];

        var (exit, output) = await PipelineExecutable.RunAsync(TimeSpan.FromMinutes(2), Verify());
        exit.Should().Be(0, output);
        output.Should().Contain("PASS: 2,994 stored, 6 dead-lettered, nothing lost, order kept, stats exact");

        // Another seed is another workload: the same stores cannot pass for it.
        (exit, output) = await PipelineExecutable.RunAsync(TimeSpan.FromMinutes(2), Verify(seed: 32));
        exit.Should().Be(1, output);
        output.Should().Contain("FAIL: lost");

        await using (var data = NpgsqlDataSource.Create(connection))
        {
            await using var delete = data.CreateCommand("DELETE FROM events WHERE event_id IN (SELECT event_id FROM events ORDER BY event_id LIMIT 3)");
            (await delete.ExecuteNonQueryAsync()).Should().Be(3);
            // One cell counted twice, one short (as a cell whose deltas still wait in the buffer looks).
            await using var skew = data.CreateCommand(
                "WITH two AS (SELECT shop, product_id, day, row_number() OVER (ORDER BY shop, product_id, day) AS n FROM product_stats ORDER BY shop, product_id, day LIMIT 2) " +
                "UPDATE product_stats p SET views = p.views + CASE WHEN two.n = 1 THEN 1 ELSE -1 END " +
                "FROM two WHERE (p.shop, p.product_id, p.day) = (two.shop, two.product_id, two.day)");
            (await skew.ExecuteNonQueryAsync()).Should().Be(2);
        }
        (exit, output) = await PipelineExecutable.RunAsync(TimeSpan.FromMinutes(2), Verify());
        exit.Should().Be(1, output);
        output.Should().Contain("FAIL: lost 3, order violations 0, stats mismatches 2 (1 over-counted)");
        output.Should().Contain("lost: ", "the missing events are named");
        output.Should().Contain("some may still be buffered", "a short cell may be a flush still to come");
    }

    /// <summary>Verify reads the Kafka section as the silo does: a value that does not bind is named, not thrown.</summary>
    [Fact]
    public async Task Verify_with_a_kafka_setting_that_does_not_bind_names_it_and_exits_2()
    {
        var (exit, output) = await PipelineExecutable.RunAsync(TimeSpan.FromSeconds(30),
            new Dictionary<string, string> { ["Kafka__SslEndpointIdentification"] = "maybe" },
            "verify", "--bootstrap", "127.0.0.1:1", "--postgres", "Host=127.0.0.1;Port=1", "--events", "10", "--users", "2", "--shops", "1");

        exit.Should().Be(2, output);
        output.Should().Contain("verify: Kafka:").And.Contain("Kafka:SslEndpointIdentification").And.NotContain("Unhandled exception");
    }

    [Fact]
    public async Task Verify_against_a_database_without_the_pipelines_tables_says_so_and_exits_3()
    {
        using var postgres = Stores.Local.LocalPostgresServer.Start();

        var (exit, output) = await PipelineExecutable.RunAsync(TimeSpan.FromMinutes(1),
            "verify", "--bootstrap", "127.0.0.1:1", "--postgres", postgres.ConnectionString(), "--events", "10", "--users", "2", "--shops", "1");

        exit.Should().Be(3, output);
        output.Should().Contain("verify: PostgreSQL has no events table");
    }
}
