using System.CommandLine;
using System.Text.Json;
using GrainPipeline.Kafka.Contract;
using GrainPipeline.Kafka.Security;
using GrainPipeline.Runtime.Configuration;
using GrainPipeline.Silo.Hosting;
using GrainPipeline.Silo.Verification;
using GrainPipeline.Stores.Abstractions;
using GrainPipeline.Stores.Postgres.Hosting;
using GrainPipeline.Stores.Postgres.Options;
using GrainPipeline.Workload.Model;

namespace GrainPipeline.Silo.Commands;

/// <summary>
/// <c>grain-pipeline verify</c>: checks the silos' PostgreSQL against the workload that <c>produce</c>
/// sent. The same workload flags generate the same events again, so nothing is held from the run:
/// every valid event must be stored or dead-lettered, each visitor's events stored in production
/// order, and product_stats exact. Stats reach product_stats through the flushers, so run it after
/// the silos stopped (their last flush) or once a flush period has passed with no traffic.
/// </summary>
internal static class VerifyCommand
{
    private static readonly TimeSpan DeadLetterReadTimeout = TimeSpan.FromSeconds(60);

    public static Command Create()
    {
        var bootstrap = new Option<string>("--bootstrap") { Description = "Kafka bootstrap servers: the dead-letter topic is read from there (security: the Kafka section)", Required = true };
        var postgres = new Option<string>("--postgres") { Description = "Npgsql connection string of the silos' PostgreSQL (Host=…;Username=…;Database=…)", Required = true };
        var events = new Option<long>("--events") { Description = "Records produced, poison included (as given to produce)", Required = true };
        var users = new Option<int>("--users") { Description = "Distinct visitors (as given to produce)", Required = true };
        var shops = new Option<int>("--shops") { Description = "Distinct shops (as given to produce)", Required = true };
        var zipf = new Option<double>("--zipf") { Description = "Zipf exponent (as given to produce)", DefaultValueFactory = _ => WorkloadSpec.DefaultZipfExponent };
        var poison = new Option<long>("--poison") { Description = "Bad records mixed in (as given to produce); each must be dead-lettered", DefaultValueFactory = _ => 0 };
        var seed = new Option<int>("--seed") { Description = "Generator seed (as given to produce)", DefaultValueFactory = _ => WorkloadSpec.DefaultSeed };
        var deadLetterTopic = new Option<string>("--dead-letter-topic") { Description = "Dead-letter topic", DefaultValueFactory = _ => Topics.DeadLetters };
        var summaryJson = new Option<FileInfo?>("--summary-json") { Description = "Also write the result as JSON to this file" };
        var command = new Command("verify", "Check PostgreSQL against a produced workload: nothing lost, per-visitor order kept, product stats exact. Exits 1 when not")
        {
            bootstrap, postgres, events, users, shops, zipf, poison, seed, deadLetterTopic, summaryJson,
        };
        command.SetAction(async (parse, cancel) =>
        {
            var spec = new WorkloadSpec
            {
                Events = parse.GetValue(events), Users = parse.GetValue(users), Shops = parse.GetValue(shops),
                ZipfExponent = parse.GetValue(zipf), Poison = parse.GetValue(poison), Seed = parse.GetValue(seed),
            };
            KafkaSecurityOptions security;
            try
            {
                security = SiloConfiguration.LoadKafkaSecurity();
            }
            catch (OptionsValidationException e)
            {
                foreach (var failure in e.Failures) await Console.Error.WriteLineAsync($"verify: {failure}");
                return 2;
            }
            var problems = spec.Problems().Concat(security.Validate()).ToList();
            if (problems.Count > 0)
            {
                foreach (var problem in problems) await Console.Error.WriteLineAsync($"verify: {problem}");
                return 2;
            }
            try
            {
                // Reads only: the silos made the tables, and a verifier must not create them in the wrong database.
                await using var stores = await PostgresStores.StartAsync(new PostgresOptions { ConnectionString = parse.GetValue(postgres)!, MigrateOnStart = false }, null, cancel);
                if (await MissingTablesAsync(stores, cancel) is { } missing)
                {
                    await Console.Error.WriteLineAsync($"verify: PostgreSQL has no {missing} table: point --postgres at the database the silos write to");
                    return 3;
                }
                Console.WriteLine("reading the dead-letter topic …");
                var deadLetters = DeadLetterReader.Read(parse.GetValue(bootstrap)!, parse.GetValue(deadLetterTopic)!, DeadLetterReadTimeout, security);
                Console.WriteLine($"checking {spec.Events:N0} events against PostgreSQL …");
                var result = await new PipelineVerifier(stores.Events, stores.ProductStats).VerifyAsync(spec, deadLetters, cancel);
                Print(result);
                if (parse.GetValue(summaryJson) is { } file) await File.WriteAllTextAsync(file.FullName, JsonSerializer.Serialize(result, JsonOptions), CancellationToken.None);
                return result.Passed ? 0 : 1;
            }
            catch (OptionsValidationException e)
            {
                foreach (var failure in e.Failures) await Console.Error.WriteLineAsync($"verify: {failure}");
                return 2;
            }
            catch (Exception e) when (e is StoreUnavailableException or TimeoutException or Npgsql.NpgsqlException or Confluent.Kafka.KafkaException or KafkaSettingsRefusedException)
            {
                // Unreachable servers, or a dead-letter topic that cannot be read to its end.
                await Console.Error.WriteLineAsync($"verify: {e.Message}");
                return 3;
            }
        });
        return command;
    }

    /// <summary>The first of the tables the verifier reads that does not exist, or null.</summary>
    private static async Task<string?> MissingTablesAsync(PostgresStores stores, CancellationToken cancellation)
    {
        await using var command = stores.Context.DataSource.CreateCommand(
            "SELECT t FROM unnest(ARRAY['events', 'product_stats']) AS t WHERE to_regclass(t) IS NULL LIMIT 1");
        return await command.ExecuteScalarAsync(cancellation) as string;
    }

    private static void Print(VerificationResult result)
    {
        Console.WriteLine(result.Passed
            ? $"PASS: {result.Stored:N0} stored, {result.DeadLettered:N0} dead-lettered, nothing lost, order kept, stats exact ({result.StatCellsChecked:N0} cells)"
            : $"FAIL: lost {result.Lost:N0}, order violations {result.OrderViolations:N0}, stats mismatches {result.StatsMismatches:N0} " +
              $"({result.StatsOverCounted:N0} over-counted) of {result.StatCellsChecked:N0} cells; {result.Stored:N0} stored, {result.DeadLettered:N0} dead-lettered");
        foreach (var sample in result.Samples) Console.WriteLine($"  {sample}");
        if (result.StatsMismatches > result.StatsOverCounted)
        {
            // Short cells are what stats still waiting in the buffer look like; over-counted ones are not.
            Console.WriteLine("  stats reach product_stats through the flushers: while a silo runs, or after one was killed, some may still be " +
                              "buffered until its partitions' next flush; verify again after the silos stopped");
        }
    }

    private static readonly JsonSerializerOptions JsonOptions = new() { WriteIndented = true, PropertyNamingPolicy = JsonNamingPolicy.CamelCase };
}
