using GrainPipeline.Collector.Hosting;
using GrainPipeline.Collector.Options;
using Microsoft.Extensions.Options;

namespace GrainPipeline.Collector.Tests.Unit;

public class CollectorOptionsValidatorTests
{
    private static ValidateOptionsResult Validate(CollectorOptions options, long? memoryLimit = null) =>
        new CollectorOptionsValidator(() => memoryLimit).Validate(null, options);

    private static CollectorOptions Valid() => new() { BootstrapServers = "127.0.0.1:9092" };

    [Fact]
    public void The_defaults_with_a_bootstrap_are_valid()
    {
        Validate(Valid()).Succeeded.Should().BeTrue();
    }

    [Fact]
    public void Each_bad_value_is_reported_with_its_setting_name()
    {
        var options = new CollectorOptions { MaxEventBytes = 10, Port = 70_000, DeliveryTimeoutMs = 0, RetryAfterSeconds = 0 };
        options.AllowedOrigins.Add("https://shop.example.com/path");

        var result = Validate(options);

        result.Failures.Should().Contain(f => f.StartsWith("Collector:BootstrapServers ", StringComparison.Ordinal))
            .And.Contain(f => f.StartsWith("Collector:MaxEventBytes ", StringComparison.Ordinal))
            .And.Contain(f => f.StartsWith("Collector:Port ", StringComparison.Ordinal))
            .And.Contain(f => f.StartsWith("Collector:DeliveryTimeoutMs ", StringComparison.Ordinal))
            .And.Contain(f => f.StartsWith("Collector:RetryAfterSeconds ", StringComparison.Ordinal))
            .And.Contain(f => f.StartsWith("Collector:AllowedOrigins ", StringComparison.Ordinal));
    }

    [Fact]
    public void Kafka_security_settings_are_validated_with_the_collectors()
    {
        var options = Valid();
        options.Kafka.SecurityProtocol = "sasl_ssl";

        Validate(options).Failures.Should().Contain(f => f.StartsWith("Kafka:SaslMechanism", StringComparison.Ordinal))
            .And.Contain(f => f.StartsWith("Kafka:SaslUsername", StringComparison.Ordinal));

        options.Kafka.SaslMechanism = "PLAIN";
        options.Kafka.SaslUsername = "gp";
        options.Kafka.SaslPassword = "pw";
        Validate(options).Succeeded.Should().BeTrue();
        var producer = Producing.ProducerConfigFactory.Create(options);
        (producer.SecurityProtocol, producer.SaslMechanism, producer.SaslUsername).Should().Be((Confluent.Kafka.SecurityProtocol.SaslSsl, Confluent.Kafka.SaslMechanism.Plain, "gp"));
    }

    [Fact]
    public void Limits_that_contradict_each_other_name_both_settings()
    {
        var options = Valid();
        options.MaxRequestBytes = 2_000_000;
        options.MaxInFlightBytes = 1_000_000;
        options.PerShopBurst = 10;

        var result = Validate(options);

        result.Failures.Should().Contain(f => f.Contains("Collector:MaxInFlightBytes", StringComparison.Ordinal) && f.Contains("Collector:MaxRequestBytes", StringComparison.Ordinal))
            .And.Contain(f => f.Contains("Collector:PerShopBurst", StringComparison.Ordinal) && f.Contains("Collector:MaxEventsPerRequest", StringComparison.Ordinal));
    }

    [Fact]
    public void A_budget_that_cannot_fit_the_container_is_refused_naming_the_settings()
    {
        var result = Validate(Valid(), memoryLimit: 64L * 1024 * 1024);

        result.Failures.Should().ContainSingle().Which.Should()
            .Contain("Collector:MaxInFlightBytes").And.Contain("Collector:ProducerQueueKBytes").And.Contain("container memory limit");
        Validate(Valid(), memoryLimit: 4L * 1024 * 1024 * 1024).Succeeded.Should().BeTrue();
    }

    [Theory]
    [InlineData("max", null)]
    [InlineData("536870912\n", 536870912L)]
    [InlineData("9223372036854771712", null)]
    [InlineData("", null)]
    public void The_cgroup_limit_is_read_as_bytes_or_none(string text, long? expected)
    {
        ContainerMemoryLimit.Parse(text).Should().Be(expected);
    }

    [Fact]
    public void The_host_refuses_to_build_with_bad_options()
    {
        var act = () => CollectorHost.Build(new CollectorOptions { MaxEventBytes = 1 });

        act.Should().Throw<OptionsValidationException>().Which.Failures.Should().Contain(f => f.Contains("Collector:MaxEventBytes", StringComparison.Ordinal));
    }
}
