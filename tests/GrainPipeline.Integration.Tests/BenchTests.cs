using System.Diagnostics;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using GrainPipeline.Stores.Local;
using Npgsql;

namespace GrainPipeline.Integration.Tests;

/// <summary>
/// <c>grain-pipeline bench</c> as a user runs it: the executable, its child processes (broker, replay,
/// baseline, silos) and, with <c>--stores redis-postgres</c>, private Redis and PostgreSQL servers.
/// </summary>
[Collection(SerialCollection.Name)]
public partial class BenchTests
{
    private const int Events = 5_000;

    [Fact]
    public async Task Bench_with_redis_postgres_reports_both_phases_and_postgres_holds_every_event_of_every_run()
    {
        var work = Directory.CreateTempSubdirectory("gp-bench-test-");
        try
        {
            var summaryFile = Path.Combine(work.FullName, "bench.json");
            var (exit, output) = await PipelineExecutable.RunAsync(TimeSpan.FromMinutes(4),
                "bench", "--events", $"{Events}", "--users", "1000", "--shops", "10", "--stores", "redis-postgres",
                "--work-dir", work.FullName, "--summary-json", summaryFile);

            exit.Should().Be(0, output);
            using var json = JsonDocument.Parse(await File.ReadAllTextAsync(summaryFile));
            var root = json.RootElement;
            root.GetProperty("problems").GetArrayLength().Should().Be(0, output);
            root.GetProperty("baselineEventsPerSecond").GetDouble().Should().BePositive();
            root.GetProperty("stores").GetString().Should().Be("memory");
            root.GetProperty("memoryRunEvents").GetInt64().Should().Be(Events);
            root.GetProperty("throughputRunEvents").GetInt64().Should().Be(Events, "the pre-fill defaults to --events when that is below 150k");
            ShouldBeSanePhase(root, root.GetProperty("baselineEventsPerSecond").GetDouble(), "memory");

            var redisPostgres = root.GetProperty("redisPostgres");
            redisPostgres.GetProperty("stores").GetString().Should().Be("redis-postgres");
            ShouldBeSanePhase(redisPostgres, root.GetProperty("baselineEventsPerSecond").GetDouble(), "redis-postgres");
            redisPostgres.GetProperty("storeServerCpuSecondsPerMillion").GetDouble().Should().BePositive("the private servers' CPU is read from /proc");
            redisPostgres.GetProperty("expectedEventRows").GetInt64().Should().Be(3 * Events, "throughput, memory and latency runs each send every event");
            redisPostgres.GetProperty("eventRows").GetInt64().Should().Be(3 * Events, "each run's own database holds one row per event");

            output.Should().Contain("rp-memory: 5,000 rows in PostgreSQL's events table");
            var directories = ServerDirectory().Matches(output).Select(m => m.Groups[1].Value).ToList();
            directories.Should().HaveCount(2, output);
            directories.Should().OnlyContain(d => !Directory.Exists(d), "the private servers are stopped and their directories removed at the end");
            var redisPid = int.Parse(RedisPid().Match(output).Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
            ProcessAlive(redisPid).Should().BeFalse("the private redis-server is stopped");
        }
        finally
        {
            work.Delete(recursive: true);
        }
    }

    [Fact]
    public async Task On_given_servers_the_bench_measures_there_and_leaves_no_database_or_key_behind()
    {
        using var redis = LocalRedisServer.Start();
        using var postgres = LocalPostgresServer.Start();
        var work = Directory.CreateTempSubdirectory("gp-bench-test-");
        try
        {
            await RedisCli(redis, "SET", "someone:else", "keep");
            var summaryFile = Path.Combine(work.FullName, "bench.json");
            var (exit, output) = await PipelineExecutable.RunAsync(TimeSpan.FromMinutes(4),
                "bench", "--events", "2000", "--users", "500", "--shops", "10", "--stores", "redis-postgres",
                "--redis", redis.Endpoint, "--postgres", postgres.ConnectionString(), "--work-dir", work.FullName, "--summary-json", summaryFile);

            exit.Should().Be(0, output);
            output.Should().NotContain("private redis-server").And.NotContain("private PostgreSQL");
            using var json = JsonDocument.Parse(await File.ReadAllTextAsync(summaryFile));
            var redisPostgres = json.RootElement.GetProperty("redisPostgres");
            redisPostgres.GetProperty("eventRows").GetInt64().Should().Be(3 * 2000, "the rows were written to the given server and counted there");
            redisPostgres.GetProperty("storeServerCpuSecondsPerMillion").ValueKind.Should().Be(JsonValueKind.Null, "a given server's CPU is not ours to read");

            await using var data = NpgsqlDataSource.Create(postgres.ConnectionString());
            await using var databases = data.CreateCommand("SELECT count(*) FROM pg_database WHERE datname LIKE 'gp_bench_%'");
            ((long)(await databases.ExecuteScalarAsync())!).Should().Be(0, "the bench drops the databases it created");
            (await RedisCli(redis, "DBSIZE")).Trim().Should().Be("1", "only the key that was there before is left");
            (await RedisCli(redis, "GET", "someone:else")).Trim().Should().Be("keep");
        }
        finally
        {
            work.Delete(recursive: true);
        }
    }

    [Fact]
    public async Task Bench_refuses_store_servers_without_redis_postgres()
    {
        var (exit, output) = await PipelineExecutable.RunAsync(TimeSpan.FromSeconds(30), "bench", "--events", "10", "--redis", "127.0.0.1:6379");

        exit.Should().Be(2, output);
        output.Should().Contain("--redis and --postgres are for --stores redis-postgres");
    }

    private static void ShouldBeSanePhase(JsonElement phase, double baseline, string because)
    {
        var rate = phase.GetProperty("eventsPerSecond").GetDouble();
        rate.Should().BePositive(because);
        phase.GetProperty("ratioToBaseline").GetDouble().Should().BeApproximately(rate / baseline, 0.001, because);
        phase.GetProperty("peakRssMiB").GetDouble().Should().BeInRange(20, 4096, because);
        phase.GetProperty("cpuSecondsPerMillion").GetDouble().Should().BePositive(because);
        phase.GetProperty("latencyRatePerSecond").GetDouble().Should().BeApproximately(Math.Round(rate / 2), 1, because);
        var p50 = phase.GetProperty("p50Ms").GetDouble();
        var p99 = phase.GetProperty("p99Ms").GetDouble();
        var p999 = phase.GetProperty("p999Ms").GetDouble();
        p50.Should().BePositive(because);
        p99.Should().BeGreaterThanOrEqualTo(p50, because);
        p999.Should().BeGreaterThanOrEqualTo(p99, because);
    }

    private static bool ProcessAlive(int pid)
    {
        try
        {
            using var process = Process.GetProcessById(pid);
            return !process.HasExited;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }

    private static async Task<string> RedisCli(LocalRedisServer redis, params string[] command)
    {
        var start = new ProcessStartInfo("redis-cli") { RedirectStandardOutput = true, UseShellExecute = false };
        foreach (var arg in (string[])["-p", redis.Port.ToString(System.Globalization.CultureInfo.InvariantCulture), .. command]) start.ArgumentList.Add(arg);
        using var process = Process.Start(start)!;
        var output = await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync();
        return output;
    }

    [GeneratedRegex(@"dir (/[^)\s]+)\)")]
    private static partial Regex ServerDirectory();

    [GeneratedRegex(@"private redis-server: \S+ \(pid (\d+)")]
    private static partial Regex RedisPid();
}
