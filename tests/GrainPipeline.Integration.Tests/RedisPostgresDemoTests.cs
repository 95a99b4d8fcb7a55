using System.Text.RegularExpressions;
using GrainPipeline.Silo.Demo;
using GrainPipeline.Silo.Hosting;
using GrainPipeline.Workload.Model;
using Microsoft.Extensions.Logging;

namespace GrainPipeline.Integration.Tests;

/// <summary>
/// The demo with real stores: private redis-server and PostgreSQL started by the demo itself, the
/// verifier reading what PostgreSQL committed after the final flush, and both servers gone afterwards.
/// </summary>
[Collection(SerialCollection.Name)]
public partial class RedisPostgresDemoTests
{
    [Fact]
    public async Task With_redis_and_postgres_nothing_is_lost_order_is_kept_stats_are_exact_and_poison_is_dead_lettered()
    {
        using var loggers = Logging.Create(LogLevel.Warning);
        using var output = new StringWriter();
        // 12 poison records (two of each kind; two are oversized, ~1.1 MB each) over 12 partitions: the
        // embedded broker keeps ~5 MiB a partition, and a backlog holding several oversized records
        // would lose its oldest records in the broker itself.
        var spec = new WorkloadSpec { Events = 10_000, Users = 1_500, Shops = 10, Poison = 12, Seed = 17 };
        var settings = new DemoSettings(spec, Partitions: 12, Rate: 0, StoreLatency: default,
            new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase) { ["Silo:Stores"] = StoreKinds.RedisPostgres }, SummaryJson: null);

        var summary = await new DemoRunner(settings, output, loggers).RunAsync(CancellationToken.None).WaitAsync(TimeSpan.FromMinutes(4));

        var problems = string.Join("; ", summary.Problems);
        summary.Stores.Should().Be(StoreKinds.RedisPostgres);
        summary.Produced.Should().Be(10_000);
        summary.Lost.Should().Be(0, problems);
        summary.OrderViolations.Should().Be(0, problems);
        summary.StatsMismatches.Should().Be(0, problems);
        summary.StatCellsChecked.Should().BeGreaterThan(0);
        summary.Processed.Should().Be(10_000 - 12);
        summary.DeadLettered.Should().Be(12);
        summary.DeadLettersReadBack.Should().Be(12);
        summary.DeadLettersByReason.Values.Sum().Should().Be(12);

        var writes = summary.StoreWrites!;
        writes.PostgresEventRows.Should().BeGreaterThanOrEqualTo(summary.Processed, "every valid event is a row in PostgreSQL's events");
        writes.EventRowsPerStatement.Should().BeGreaterThan(1, "concurrent events share INSERT statements");
        writes.RedisCommands.Should().BeGreaterThan(0);
        writes.RedisCommandsPerWrite.Should().BeGreaterThan(1, "concurrent commands share socket writes");

        var text = output.ToString();
        text.Should().Contain("private redis-server").And.Contain("private PostgreSQL");
        var directories = ServerDirectory().Matches(text).Select(m => m.Groups[1].Value).ToList();
        directories.Should().HaveCount(2, text);
        directories.Should().OnlyContain(d => !Directory.Exists(d), "the private servers are stopped and their directories removed at the end");
    }

    [Fact]
    public async Task With_postgres_alone_the_stats_buffer_grain_state_and_reminders_live_there_and_nothing_is_lost()
    {
        using var loggers = Logging.Create(LogLevel.Warning);
        using var output = new StringWriter();
        var spec = new WorkloadSpec { Events = 6_000, Users = 1_000, Shops = 10, Poison = 0, Seed = 23 };
        var settings = new DemoSettings(spec, Partitions: 12, Rate: 0, StoreLatency: default,
            new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase) { ["Silo:Stores"] = StoreKinds.Postgres }, SummaryJson: null);

        var summary = await new DemoRunner(settings, output, loggers).RunAsync(CancellationToken.None).WaitAsync(TimeSpan.FromMinutes(4));

        var problems = string.Join("; ", summary.Problems);
        summary.Stores.Should().Be(StoreKinds.Postgres);
        summary.Processed.Should().Be(6_000);
        summary.Lost.Should().Be(0, problems);
        summary.OrderViolations.Should().Be(0, problems);
        summary.StatsMismatches.Should().Be(0, problems);
        summary.StatCellsChecked.Should().BeGreaterThan(0);

        var writes = summary.StoreWrites!;
        writes.RedisCommands.Should().Be(0);
        writes.PostgresStatsIncrementRows.Should().BeGreaterThan(0, "the stats buffer is PostgreSQL's");
        writes.PostgresStatsIncrementStatements.Should().BeLessThan(writes.PostgresStatsIncrementRows, "grain turns' increments share statements");

        var text = output.ToString();
        text.Should().Contain("private PostgreSQL").And.NotContain("private redis-server");
        ServerDirectory().Matches(text).Select(m => m.Groups[1].Value).Should().ContainSingle()
            .Which.Should().Match(d => !Directory.Exists(d), "the private server is stopped and its directory removed at the end");
    }

    [GeneratedRegex(@"dir (/[^)\s]+)\)")]
    private static partial Regex ServerDirectory();
}
