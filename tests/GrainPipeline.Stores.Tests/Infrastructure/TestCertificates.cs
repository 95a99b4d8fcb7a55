using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace GrainPipeline.Stores.Tests.Infrastructure;

/// <summary>A throwaway CA and a server certificate it signed (for 127.0.0.1 and localhost), written as PEM files.</summary>
public sealed class TestCertificates
{
    private TestCertificates(string directory) => Directory = directory;

    public string Directory { get; }

    public string CaFile => Path.Combine(Directory, "ca.pem");

    public string CertificateFile => Path.Combine(Directory, "server.pem");

    public string KeyFile => Path.Combine(Directory, "server.key");

    public static TestCertificates Create(string directory)
    {
        // One clock reading, and a CA that outlives the server certificate: a certificate may not
        // outlive its issuer, and generating the second key can take past the next second.
        var now = DateTimeOffset.UtcNow;
        using var caKey = RSA.Create(2048);
        var caRequest = new CertificateRequest("CN=grain-pipeline test CA", caKey, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        caRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        caRequest.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        using var ca = caRequest.CreateSelfSigned(now.AddMinutes(-5), now.AddDays(2));

        using var serverKey = RSA.Create(2048);
        var serverRequest = new CertificateRequest("CN=localhost", serverKey, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var names = new SubjectAlternativeNameBuilder();
        names.AddDnsName("localhost");
        names.AddIpAddress(IPAddress.Loopback);
        serverRequest.CertificateExtensions.Add(names.Build());
        serverRequest.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], false));
        using var server = serverRequest.Create(ca, now.AddMinutes(-5), now.AddDays(1), RandomNumberGenerator.GetBytes(8));

        var files = new TestCertificates(directory);
        File.WriteAllText(files.CaFile, ca.ExportCertificatePem());
        File.WriteAllText(files.CertificateFile, server.ExportCertificatePem());
        File.WriteAllText(files.KeyFile, serverKey.ExportPkcs8PrivateKeyPem());
        return files;
    }
}
