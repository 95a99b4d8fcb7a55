using GrainPipeline.Runtime.Configuration;
using GrainPipeline.Stores.Postgres.Hosting;
using GrainPipeline.Stores.Postgres.Options;
using GrainPipeline.Stores.Redis.Options;
using GrainPipeline.Stores.Redis.Resp;

namespace GrainPipeline.Stores.Tests;

/// <summary>Bad settings stop start-up with messages that name each setting.</summary>
public sealed class OptionsValidatorTests
{
    [Fact]
    public void The_defaults_are_valid()
    {
        RedisOptionsValidator.Validate(new RedisOptions()).Should().BeEmpty();
        PostgresOptionsValidator.Validate(new PostgresOptions { ConnectionString = "Host=db;Username=u;Database=d" }).Should().BeEmpty();
    }

    [Fact]
    public void Bad_redis_settings_are_named()
    {
        var options = new RedisOptions
        {
            Port = 0,
            ConnectTimeout = TimeSpan.Zero,
            MaxPendingCommands = 0,
            ReconnectMinBackoff = TimeSpan.FromSeconds(10),
            ReconnectMaxBackoff = TimeSpan.FromSeconds(1),
            KeyPrefix = "gp:{x}",
            User = "alice",
            TlsHost = "redis.internal",
        };
        RedisOptionsValidator.Validate(options).Should().Contain(m => m.StartsWith("Redis:Port", StringComparison.Ordinal))
            .And.Contain(m => m.StartsWith("Redis:ConnectTimeout", StringComparison.Ordinal))
            .And.Contain(m => m.StartsWith("Redis:MaxPendingCommands", StringComparison.Ordinal))
            .And.Contain(m => m.StartsWith("Redis:ReconnectMaxBackoff", StringComparison.Ordinal))
            .And.Contain(m => m.StartsWith("Redis:KeyPrefix", StringComparison.Ordinal))
            .And.Contain(m => m.StartsWith("Redis:User", StringComparison.Ordinal))
            .And.Contain(m => m.Contains("Redis:UseTls", StringComparison.Ordinal));
    }

    [Fact]
    public void Bad_postgres_settings_are_named()
    {
        var options = new PostgresOptions { ConnectionString = "Nonsense Key=1", WriteBatchSize = 0, WriteConcurrency = 20, MaxPoolSize = 10, StatsAppliedRetention = TimeSpan.FromMinutes(1) };
        PostgresOptionsValidator.Validate(options).Should().Contain(m => m.StartsWith("Postgres:ConnectionString", StringComparison.Ordinal))
            .And.Contain(m => m.StartsWith("Postgres:WriteBatchSize", StringComparison.Ordinal))
            .And.Contain(m => m.StartsWith("Postgres:MaxPoolSize", StringComparison.Ordinal))
            .And.Contain(m => m.StartsWith("Postgres:StatsAppliedRetention", StringComparison.Ordinal));
        PostgresOptionsValidator.Validate(new PostgresOptions()).Should().ContainSingle().Which.Should().StartWith("Postgres:ConnectionString must be set");
    }

    [Fact]
    public async Task Connecting_with_bad_settings_throws_before_touching_the_network()
    {
        var redis = async () => await RedisConnection.ConnectAsync(new RedisOptions { Port = -1 });
        (await redis.Should().ThrowAsync<OptionsValidationException>()).Which.Failures.Should().ContainSingle(m => m.StartsWith("Redis:Port", StringComparison.Ordinal));
        var postgres = async () => await PostgresStores.StartAsync(new PostgresOptions());
        await postgres.Should().ThrowAsync<OptionsValidationException>().WithMessage("*Postgres:ConnectionString*");
    }
}
