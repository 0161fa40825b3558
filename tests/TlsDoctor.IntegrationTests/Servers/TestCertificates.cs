using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using TlsDoctor.Negotiation;

namespace TlsDoctor.IntegrationTests.Servers;

/// <summary>PEM files of one self-signed test certificate.</summary>
public sealed record CertificateFiles(CertificateKind Kind, string CertificatePath, string KeyPath, string CombinedPath, X509Certificate2 Certificate);

/// <summary>
/// Self-signed RSA-2048 and ECDSA P-256 certificates for "localhost" / 127.0.0.1, generated once per
/// test run into a temporary folder (certificate, PKCS#8 key, and cert+key in one file for haproxy).
/// </summary>
public static class TestCertificates
{
    private static readonly Lazy<string> Folder = new(() =>
    {
        var dir = Path.Combine(Path.GetTempPath(), "tlsdoctor-tests-" + Environment.ProcessId);
        Directory.CreateDirectory(dir);
        return dir;
    });

    private static readonly Lazy<CertificateFiles> RsaFiles = new(() => Create(CertificateKind.Rsa));
    private static readonly Lazy<CertificateFiles> EcdsaFiles = new(() => Create(CertificateKind.Ecdsa));

    public static CertificateFiles Rsa => RsaFiles.Value;
    public static CertificateFiles Ecdsa => EcdsaFiles.Value;
    public static CertificateFiles For(CertificateKind kind) => kind == CertificateKind.Rsa ? Rsa : Ecdsa;

    /// <summary>A scratch folder for server configuration files that lives as long as the test run.</summary>
    public static string TempFolder => Folder.Value;

    private static CertificateFiles Create(CertificateKind kind)
    {
        var subject = new X500DistinguishedName($"CN=localhost, O=TlsDoctor tests ({kind})");
        var san = new SubjectAlternativeNameBuilder();
        san.AddDnsName("localhost");
        san.AddIpAddress(System.Net.IPAddress.Loopback);
        AsymmetricAlgorithm key;
        CertificateRequest request;
        if (kind == CertificateKind.Rsa)
        {
            var rsa = RSA.Create(2048);
            key = rsa;
            request = new CertificateRequest(subject, rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        }
        else
        {
            var ec = ECDsa.Create(ECCurve.NamedCurves.nistP256);
            key = ec;
            request = new CertificateRequest(subject, ec, HashAlgorithmName.SHA256);
        }
        request.CertificateExtensions.Add(san.Build());
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(
            kind == CertificateKind.Rsa ? X509KeyUsageFlags.DigitalSignature | X509KeyUsageFlags.KeyEncipherment : X509KeyUsageFlags.DigitalSignature, true));
        var cert = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(30));

        var name = kind == CertificateKind.Rsa ? "rsa" : "ecdsa";
        var certPath = Path.Combine(Folder.Value, $"{name}.crt");
        var keyPath = Path.Combine(Folder.Value, $"{name}.key");
        var combinedPath = Path.Combine(Folder.Value, $"{name}.pem");
        var certPem = cert.ExportCertificatePem();
        var keyPem = key.ExportPkcs8PrivateKeyPem();
        File.WriteAllText(certPath, certPem + "\n");
        File.WriteAllText(keyPath, keyPem + "\n");
        File.WriteAllText(combinedPath, certPem + "\n" + keyPem + "\n");
        key.Dispose();
        return new CertificateFiles(kind, certPath, keyPath, combinedPath, cert);
    }
}
