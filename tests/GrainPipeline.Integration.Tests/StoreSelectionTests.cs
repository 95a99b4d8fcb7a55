using GrainPipeline.Runtime.Configuration;
using GrainPipeline.Silo.Commands;
using GrainPipeline.Silo.Hosting;

namespace GrainPipeline.Integration.Tests;

/// <summary>Choosing the stores: flags to configuration keys, the cluster rule of the silo verb, and the memory budget's store terms.</summary>
public class StoreSelectionTests
{
    private static Dictionary<string, string?> Keys(params (string Key, string Value)[] pairs)
    {
        var keys = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase) { ["Ingest:Bootstrap"] = "127.0.0.1:9092" };
        foreach (var (key, value) in pairs) keys[key] = value;
        return keys;
    }

    [Fact]
    public void The_silo_verb_refuses_memory_stores_unless_told_it_is_the_only_silo()
    {
        var refusal = FluentActions.Invoking(() => SiloCommand.LoadOptions(Keys())).Should().Throw<OptionsValidationException>().Which;
        refusal.Message.Should().Contain("--single-silo").And.Contain("--stores redis-postgres");

        SiloCommand.LoadOptions(Keys(("Silo:SingleSilo", "true"))).Stores.Should().Be(StoreKind.Memory);
    }

    [Fact]
    public void Redis_postgres_needs_both_servers_named_and_binds_their_sections()
    {
        var missing = FluentActions.Invoking(() => SiloCommand.LoadOptions(Keys(("Silo:Stores", "redis-postgres")))).Should().Throw<OptionsValidationException>().Which;
        missing.Failures.Should().Contain(f => f.Contains("--redis", StringComparison.Ordinal));
        missing.Failures.Should().Contain(f => f.Contains("--postgres", StringComparison.Ordinal));

        var options = SiloCommand.LoadOptions(Keys(("Silo:Stores", "redis-postgres"), ("Redis:Host", "cache"), ("Redis:Port", "6380"),
            ("Redis:KeyPrefix", "p1:"), ("Postgres:ConnectionString", "Host=db;Database=pipeline"), ("Postgres:WriteBatchSize", "250")));
        options.Stores.Should().Be(StoreKind.RedisPostgres);
        options.Redis.Host.Should().Be("cache");
        options.Redis.Port.Should().Be(6380);
        options.Redis.KeyPrefix.Should().Be("p1:");
        options.Postgres.WriteBatchSize.Should().Be(250);
    }

    [Fact]
    public void Store_settings_are_validated_with_the_rest_and_named()
    {
        var invalid = FluentActions.Invoking(() => SiloCommand.LoadOptions(Keys(("Silo:Stores", "postgres"),
            ("Postgres:ConnectionString", "Host=db"), ("Postgres:WriteBatchSize", "0")))).Should().Throw<OptionsValidationException>().Which;
        invalid.Failures.Should().Contain(f => f.StartsWith("Postgres:WriteBatchSize", StringComparison.Ordinal));

        var unknown = FluentActions.Invoking(() => SiloConfiguration.Load(Keys(("Silo:Stores", "mongo")))).Should().Throw<OptionsValidationException>().Which;
        unknown.Failures.Should().ContainSingle().Which.Should().Contain("Silo:Stores").And.Contain("redis-postgres");
    }

    [Fact]
    public void The_kafka_section_binds_security_settings_and_validates_them_with_the_rest()
    {
        var options = SiloCommand.LoadOptions(Keys(("Silo:SingleSilo", "true"), ("Kafka:SecurityProtocol", "sasl_ssl"),
            ("Kafka:SaslMechanism", "SCRAM-SHA-256"), ("Kafka:SaslUsername", "gp"), ("Kafka:SaslPassword", "pw")));
        (options.Kafka.SecurityProtocol, options.Kafka.SaslMechanism, options.Kafka.SaslUsername).Should().Be(("sasl_ssl", "SCRAM-SHA-256", "gp"));

        var invalid = FluentActions.Invoking(() => SiloCommand.LoadOptions(Keys(("Silo:SingleSilo", "true"), ("Kafka:SecurityProtocol", "sasl_ssl"))))
            .Should().Throw<OptionsValidationException>().Which;
        invalid.Failures.Should().Contain(f => f.StartsWith("Kafka:SaslMechanism", StringComparison.Ordinal));

        var unknown = FluentActions.Invoking(() => SiloCommand.LoadOptions(Keys(("Silo:SingleSilo", "true"), ("Kafka:SaslPasword", "typo"))))
            .Should().Throw<OptionsValidationException>().Which;
        unknown.Failures.Should().ContainSingle().Which.Should().Contain("SaslPasword");
    }

    [Theory]
    [InlineData("cache:6380", "cache", "6380", null, null, "false")]
    [InlineData("cache", "cache", "6379", null, null, "false")]
    [InlineData("[::1]:7000", "::1", "7000", null, null, "false")]
    [InlineData("redis://:s3cret@cache:6390/2", "cache", "6390", null, "s3cret", "false")]
    [InlineData("rediss://ops:pw@cache", "cache", "6379", "ops", "pw", "true")]
    public void The_redis_flag_becomes_redis_settings(string flag, string host, string port, string? user, string? password, string? tls)
    {
        var keys = RedisEndpoint.ToConfiguration(flag);
        keys["Redis:Host"].Should().Be(host);
        keys["Redis:Port"].Should().Be(port);
        keys.GetValueOrDefault("Redis:User").Should().Be(user);
        keys.GetValueOrDefault("Redis:Password").Should().Be(password);
        if (flag.StartsWith("redis", StringComparison.Ordinal)) keys["Redis:UseTls"].Should().Be(tls);
        if (flag.EndsWith("/2", StringComparison.Ordinal)) keys["Redis:Database"].Should().Be("2");
    }

    [Theory]
    [InlineData("cache:http")]
    [InlineData("cache:0")]
    [InlineData(":6379")]
    [InlineData("redis://cache/x")]
    public void A_bad_redis_flag_is_refused_with_the_reason(string flag) =>
        FluentActions.Invoking(() => RedisEndpoint.ToConfiguration(flag)).Should().Throw<ArgumentException>().WithMessage("--redis*");

    [Fact]
    public void The_memory_budget_counts_the_store_queues_of_the_kind_in_use()
    {
        var memory = MemoryBudget.For(new PipelineSiloOptions());
        var both = MemoryBudget.For(new PipelineSiloOptions { Stores = StoreKind.RedisPostgres });
        var postgres = MemoryBudget.For(new PipelineSiloOptions { Stores = StoreKind.Postgres });

        memory.Terms.Should().NotContain(t => t.Setting.StartsWith("Redis:", StringComparison.Ordinal) || t.Setting.StartsWith("Postgres:", StringComparison.Ordinal));
        both.Terms.Should().Contain(t => t.Setting.StartsWith("Redis:MaxPendingCommands", StringComparison.Ordinal) && t.Bytes > 64L * 1024 * 1024);
        both.Terms.Should().Contain(t => t.Setting.StartsWith("Postgres:WriteQueueCapacity", StringComparison.Ordinal) && t.Bytes > 0);
        postgres.Terms.Should().NotContain(t => t.Setting.StartsWith("Redis:", StringComparison.Ordinal));
        both.TotalBytes.Should().BeGreaterThan(postgres.TotalBytes).And.BeGreaterThan(memory.TotalBytes);
        both.Check(1L << 30, 0.75).Should().BeEmpty("the default redis-postgres silo still fits a 1 GiB pod:" + Environment.NewLine + both);
    }
}
