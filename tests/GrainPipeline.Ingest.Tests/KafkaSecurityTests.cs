using Confluent.Kafka;
using GrainPipeline.Ingest.Configuration;
using GrainPipeline.Kafka.Embedded;
using GrainPipeline.Kafka.Security;

namespace GrainPipeline.Ingest.Tests;

public sealed class KafkaSecurityTests
{
    public KafkaSecurityTests() => Kafka.Native.KafkaNativeLibrary.EnsureLoaded(); // Debian's librdkafka, as the silo loads it

    [Fact]
    public void Plaintext_leaves_the_clients_as_they_were()
    {
        var security = new KafkaSecurityOptions();
        security.Validate().Should().BeEmpty();

        var config = KafkaConfigs.Consumer(new IngestOptions { Bootstrap = "b:9092" }, security, "m");

        config.Should().NotContain(setting => setting.Key.StartsWith("security.", StringComparison.Ordinal) || setting.Key.StartsWith("sasl.", StringComparison.Ordinal));
    }

    [Fact]
    public void Sasl_ssl_with_scram_reaches_the_consumer_and_the_dead_letter_producer()
    {
        var security = new KafkaSecurityOptions
        {
            SecurityProtocol = "SASL_SSL", SaslMechanism = "scram-sha-512", SaslUsername = "gp", SaslPassword = "secret", SslEndpointIdentification = false,
        };
        security.Validate().Should().BeEmpty("names are case-insensitive, as librdkafka's are");
        var ingest = new IngestOptions { Bootstrap = "b:9092" };

        foreach (ClientConfig config in new ClientConfig[] { KafkaConfigs.Consumer(ingest, security, "m"), KafkaConfigs.DeadLetterProducer(ingest, security, "m") })
        {
            config.SecurityProtocol.Should().Be(SecurityProtocol.SaslSsl);
            config.SaslMechanism.Should().Be(SaslMechanism.ScramSha512);
            config.SaslUsername.Should().Be("gp");
            config.SaslPassword.Should().Be("secret");
            config.SslEndpointIdentificationAlgorithm.Should().Be(SslEndpointIdentificationAlgorithm.None);
        }
    }

    [Fact]
    public void Mutual_tls_passes_the_files_and_checks_the_host_name_by_default()
    {
        var ca = Path.GetTempFileName();
        var certificate = Path.GetTempFileName();
        var key = Path.GetTempFileName();
        try
        {
            var security = new KafkaSecurityOptions { SecurityProtocol = "ssl", SslCaLocation = ca, SslCertificateLocation = certificate, SslKeyLocation = key };
            security.Validate().Should().BeEmpty();
            var config = new ClientConfig();

            security.ApplyTo(config);

            config.SecurityProtocol.Should().Be(SecurityProtocol.Ssl);
            (config.SslCaLocation, config.SslCertificateLocation, config.SslKeyLocation).Should().Be((ca, certificate, key));
            config.SslEndpointIdentificationAlgorithm.Should().Be(SslEndpointIdentificationAlgorithm.Https);
            config.SaslMechanism.Should().BeNull();
        }
        finally
        {
            foreach (var file in new[] { ca, certificate, key }) File.Delete(file);
        }
    }

    [Theory]
    [InlineData("tls", "", "", "Kafka:SecurityProtocol must be one of plaintext, ssl, sasl_plaintext, sasl_ssl (got 'tls').")]
    [InlineData("sasl_ssl", "GSSAPI", "gp", "Kafka:SaslMechanism must be one of PLAIN, SCRAM-SHA-256, SCRAM-SHA-512 with Kafka:SecurityProtocol sasl_ssl (got 'GSSAPI').")]
    [InlineData("sasl_ssl", "PLAIN", "", "Kafka:SaslUsername and Kafka:SaslPassword are required with Kafka:SecurityProtocol sasl_ssl.")]
    [InlineData("plaintext", "", "gp", "Kafka:Sasl* settings are given but Kafka:SecurityProtocol is plaintext: use sasl_ssl (or sasl_plaintext) to send them.")]
    public void A_bad_combination_is_refused_with_a_message_naming_the_setting(string protocol, string mechanism, string user, string expected)
    {
        var security = new KafkaSecurityOptions { SecurityProtocol = protocol, SaslMechanism = mechanism, SaslUsername = user, SaslPassword = user };

        security.Validate().Should().Contain(expected);
    }

    [Fact]
    public void Tls_files_must_exist_go_together_and_need_a_tls_protocol()
    {
        var missing = Path.Combine(Path.GetTempPath(), $"no-such-{Guid.NewGuid():N}.pem");

        new KafkaSecurityOptions { SecurityProtocol = "ssl", SslCaLocation = missing }.Validate()
            .Should().Contain($"Kafka:SslCaLocation: no file at '{missing}'.");
        new KafkaSecurityOptions { SecurityProtocol = "ssl", SslCertificateLocation = missing }.Validate()
            .Should().Contain("Kafka:SslCertificateLocation and Kafka:SslKeyLocation must be set together (mutual TLS).");
        new KafkaSecurityOptions { SecurityProtocol = "sasl_plaintext", SaslMechanism = "PLAIN", SaslUsername = "u", SaslPassword = "p", SslCaLocation = missing }.Validate()
            .Should().Contain("Kafka:Ssl* settings are given but Kafka:SecurityProtocol is sasl_plaintext: use ssl or sasl_ssl.");
    }

    [Fact]
    public void A_pump_refuses_bad_security_settings_before_it_connects()
    {
        var act = () => new Pump.IngestPump(new IngestOptions { Bootstrap = "b:9092" }, new KafkaSecurityOptions { SecurityProtocol = "sasl_ssl" },
            null!, null!, null!, null!, null!, "m");

        act.Should().Throw<Runtime.Configuration.OptionsValidationException>().WithMessage("*Kafka:SaslMechanism*");
    }

    [Fact]
    public void A_ca_file_that_holds_no_certificate_is_refused_at_start_with_the_section_named()
    {
        var notACertificate = Path.GetTempFileName();
        File.WriteAllText(notACertificate, "not a certificate");
        try
        {
            var security = new KafkaSecurityOptions { SecurityProtocol = "ssl", SslCaLocation = notACertificate };
            security.Validate().Should().BeEmpty("the file exists; only librdkafka reads it");

            var act = () => new DeadLetters.DeadLetterPublisher(KafkaConfigs.DeadLetterProducer(new IngestOptions { Bootstrap = "127.0.0.1:1" }, security, "m"),
                "events.dlq", new System.Diagnostics.Metrics.Meter("test"), Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance);

            act.Should().Throw<KafkaSettingsRefusedException>().WithMessage("Kafka: the Kafka client refused its settings: ssl.ca.location*");
        }
        finally
        {
            File.Delete(notACertificate);
        }
    }

    [Fact]
    public void Debians_librdkafka_takes_a_real_ca_with_sasl_ssl_and_scram()
    {
        using var key = System.Security.Cryptography.ECDsa.Create();
        var request = new System.Security.Cryptography.X509Certificates.CertificateRequest("CN=test-kafka-ca", key, System.Security.Cryptography.HashAlgorithmName.SHA256);
        using var ca = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1));
        var caFile = Path.GetTempFileName();
        File.WriteAllText(caFile, ca.ExportCertificatePem());
        try
        {
            var security = new KafkaSecurityOptions
            {
                SecurityProtocol = "sasl_ssl", SaslMechanism = "SCRAM-SHA-256", SaslUsername = "gp", SaslPassword = "pw", SslCaLocation = caFile,
            };
            security.Validate().Should().BeEmpty();

            using var consumer = KafkaSettingsRefusedException.Guard(() =>
                new ConsumerBuilder<byte[], byte[]>(KafkaConfigs.Consumer(new IngestOptions { Bootstrap = "127.0.0.1:1" }, security, "m")).Build());

            consumer.Name.Should().NotBeNullOrEmpty("the client was made: TLS and SCRAM are built in");
        }
        finally
        {
            File.Delete(caFile);
        }
    }

    /// <summary>
    /// Against a real broker: the embedded one speaks plaintext only, so a consumer configured for
    /// SASL must try to authenticate and say so, which shows the settings reached librdkafka.
    /// </summary>
    [Fact]
    public void A_consumer_with_sasl_settings_tries_to_authenticate_with_the_broker()
    {
        using var broker = EmbeddedBroker.Start(new EmbeddedBrokerOptions { Partitions = 1 });
        var security = new KafkaSecurityOptions { SecurityProtocol = "sasl_plaintext", SaslMechanism = "PLAIN", SaslUsername = "gp", SaslPassword = "secret" };
        var errors = new System.Collections.Concurrent.ConcurrentQueue<string>();
        using var consumer = new ConsumerBuilder<byte[], byte[]>(KafkaConfigs.Consumer(new IngestOptions { Bootstrap = broker.Bootstrap }, security, "sasl-test"))
            .SetErrorHandler((_, error) => errors.Enqueue(error.Reason))
            .SetLogHandler((_, message) => errors.Enqueue(message.Message))
            .Build();
        consumer.Subscribe(Kafka.Contract.Topics.Events);

        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (DateTime.UtcNow < deadline && !errors.Any(e => e.Contains("SASL", StringComparison.Ordinal)))
        {
            consumer.Consume(TimeSpan.FromMilliseconds(100)).Should().BeNull("an unauthenticated consumer receives nothing");
        }

        errors.Should().Contain(e => e.Contains("SASL", StringComparison.Ordinal), "librdkafka reports the failed SASL handshake");
        consumer.Assignment.Should().BeEmpty();
    }
}
