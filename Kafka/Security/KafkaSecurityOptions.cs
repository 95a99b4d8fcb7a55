using Confluent.Kafka;

namespace GrainPipeline.Kafka.Security;

/// <summary>
/// How every Kafka client of a process (the silo's consumer, dead-letter producer and admin client;
/// the collector's producer) authenticates and encrypts (section <c>Kafka</c>). The default is
/// plaintext, as the embedded broker speaks; a managed cluster usually wants <c>sasl_ssl</c> with
/// SCRAM or PLAIN, or <c>ssl</c> with a client certificate.
/// </summary>
public sealed class KafkaSecurityOptions
{
    public const string Section = "Kafka";

    private static readonly Dictionary<string, SecurityProtocol> Protocols = new(StringComparer.OrdinalIgnoreCase)
    {
        ["plaintext"] = Confluent.Kafka.SecurityProtocol.Plaintext,
        ["ssl"] = Confluent.Kafka.SecurityProtocol.Ssl,
        ["sasl_plaintext"] = Confluent.Kafka.SecurityProtocol.SaslPlaintext,
        ["sasl_ssl"] = Confluent.Kafka.SecurityProtocol.SaslSsl,
    };

    // GSSAPI and OAUTHBEARER need a Kerberos setup or a token callback that this service does not have.
    private static readonly Dictionary<string, SaslMechanism> Mechanisms = new(StringComparer.OrdinalIgnoreCase)
    {
        ["PLAIN"] = Confluent.Kafka.SaslMechanism.Plain,
        ["SCRAM-SHA-256"] = Confluent.Kafka.SaslMechanism.ScramSha256,
        ["SCRAM-SHA-512"] = Confluent.Kafka.SaslMechanism.ScramSha512,
    };

    /// <summary><c>plaintext</c> (default), <c>ssl</c>, <c>sasl_plaintext</c> or <c>sasl_ssl</c>.</summary>
    public string SecurityProtocol { get; set; } = "plaintext";

    /// <summary><c>PLAIN</c>, <c>SCRAM-SHA-256</c> or <c>SCRAM-SHA-512</c>; required with a <c>sasl_*</c> protocol.</summary>
    public string? SaslMechanism { get; set; }

    public string? SaslUsername { get; set; }

    public string? SaslPassword { get; set; }

    /// <summary>PEM file of the CA that signed the brokers' certificates; empty = the system's CAs.</summary>
    public string? SslCaLocation { get; set; }

    /// <summary>Client certificate (PEM) for mutual TLS, with <see cref="SslKeyLocation"/>.</summary>
    public string? SslCertificateLocation { get; set; }

    public string? SslKeyLocation { get; set; }

    public string? SslKeyPassword { get; set; }

    /// <summary>Check that the broker's certificate names the host connected to (on by default; off only for test clusters).</summary>
    public bool SslEndpointIdentification { get; set; } = true;

    private bool UsesSasl => SecurityProtocol.StartsWith("sasl_", StringComparison.OrdinalIgnoreCase);

    private bool UsesSsl => SecurityProtocol.EndsWith("ssl", StringComparison.OrdinalIgnoreCase);

    public IEnumerable<string> Validate()
    {
        const string s = Section;
        if (!Protocols.ContainsKey(SecurityProtocol ?? ""))
        {
            yield return $"{s}:SecurityProtocol must be one of {string.Join(", ", Protocols.Keys)} (got '{SecurityProtocol}').";
            yield break;
        }
        if (UsesSasl)
        {
            if (!Mechanisms.ContainsKey(SaslMechanism ?? ""))
                yield return $"{s}:SaslMechanism must be one of {string.Join(", ", Mechanisms.Keys)} with {s}:SecurityProtocol {SecurityProtocol} (got '{SaslMechanism}').";
            if (string.IsNullOrEmpty(SaslUsername) || string.IsNullOrEmpty(SaslPassword))
                yield return $"{s}:SaslUsername and {s}:SaslPassword are required with {s}:SecurityProtocol {SecurityProtocol}.";
        }
        else if (!string.IsNullOrEmpty(SaslMechanism) || !string.IsNullOrEmpty(SaslUsername) || !string.IsNullOrEmpty(SaslPassword))
        {
            // Credentials that would silently go unused are a misconfiguration, not a default.
            yield return $"{s}:Sasl* settings are given but {s}:SecurityProtocol is {SecurityProtocol}: use sasl_ssl (or sasl_plaintext) to send them.";
        }
        if (!UsesSsl && (!string.IsNullOrEmpty(SslCaLocation) || !string.IsNullOrEmpty(SslCertificateLocation) || !string.IsNullOrEmpty(SslKeyLocation)))
            yield return $"{s}:Ssl* settings are given but {s}:SecurityProtocol is {SecurityProtocol}: use ssl or sasl_ssl.";
        if (string.IsNullOrEmpty(SslCertificateLocation) != string.IsNullOrEmpty(SslKeyLocation))
            yield return $"{s}:SslCertificateLocation and {s}:SslKeyLocation must be set together (mutual TLS).";
        foreach (var (name, path) in new[] { ("SslCaLocation", SslCaLocation), ("SslCertificateLocation", SslCertificateLocation), ("SslKeyLocation", SslKeyLocation) })
        {
            if (!string.IsNullOrEmpty(path) && !File.Exists(path)) yield return $"{s}:{name}: no file at '{path}'.";
        }
    }

    /// <summary>Sets the security properties on a client's configuration; plaintext leaves it untouched.</summary>
    public void ApplyTo(ClientConfig config)
    {
        ArgumentNullException.ThrowIfNull(config);
        var protocol = Protocols.GetValueOrDefault(SecurityProtocol ?? "", Confluent.Kafka.SecurityProtocol.Plaintext);
        if (protocol == Confluent.Kafka.SecurityProtocol.Plaintext) return;
        config.SecurityProtocol = protocol;
        if (UsesSasl)
        {
            config.SaslMechanism = Mechanisms[SaslMechanism!];
            config.SaslUsername = SaslUsername;
            config.SaslPassword = SaslPassword;
        }
        if (UsesSsl)
        {
            if (!string.IsNullOrEmpty(SslCaLocation)) config.SslCaLocation = SslCaLocation;
            if (!string.IsNullOrEmpty(SslCertificateLocation)) config.SslCertificateLocation = SslCertificateLocation;
            if (!string.IsNullOrEmpty(SslKeyLocation)) config.SslKeyLocation = SslKeyLocation;
            if (!string.IsNullOrEmpty(SslKeyPassword)) config.SslKeyPassword = SslKeyPassword;
            config.SslEndpointIdentificationAlgorithm = SslEndpointIdentification ? SslEndpointIdentificationAlgorithm.Https : SslEndpointIdentificationAlgorithm.None;
        }
    }
}
