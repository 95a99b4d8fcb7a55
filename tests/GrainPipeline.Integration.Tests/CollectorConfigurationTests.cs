using GrainPipeline.Silo.Commands;
using Microsoft.Extensions.Configuration;

namespace GrainPipeline.Integration.Tests;

/// <summary>The collector's settings as a container passes them: environment variables, lists by index.</summary>
public sealed class CollectorConfigurationTests
{
    [Fact]
    public void Indexed_environment_variables_fill_the_secret_and_origin_lists_and_the_kafka_section_binds()
    {
        // Collector__WebhookSecrets__0 in the environment is the key Collector:WebhookSecrets:0 (the Helm chart sets these).
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Collector:BootstrapServers"] = "kafka:9092",
            ["Collector:WebhookSecrets:0"] = "current",
            ["Collector:WebhookSecrets:1"] = "previous",
            ["Collector:AllowedOrigins:0"] = "https://shop.example.com",
            ["Kafka:SecurityProtocol"] = "sasl_ssl",
            ["Kafka:SaslPassword"] = "pw",
        }).Build();

        var options = CollectorCommand.LoadOptions(configuration);

        options.WebhookSecrets.Should().Equal("current", "previous");
        options.AllowedOrigins.Should().Equal("https://shop.example.com");
        options.Kafka.SecurityProtocol.Should().Be("sasl_ssl");
        options.Kafka.SaslPassword.Should().Be("pw");
    }
}
