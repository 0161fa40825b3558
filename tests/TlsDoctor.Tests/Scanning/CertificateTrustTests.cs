using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using TlsDoctor.Scanning;
using Xunit;

namespace TlsDoctor.Tests.Scanning;

/// <summary>
/// The trust verdict of <see cref="CertificateAnalyzer"/> for chains the system store cannot anchor is reached without
/// X509Chain (see <see cref="SystemTrustIndex"/>); it must equal X509Chain's own, problems and their order included.
/// </summary>
public sealed class CertificateTrustTests
{
    private static readonly DateTimeOffset Now = DateTimeOffset.UtcNow;
    private static readonly TimeSpan Day = TimeSpan.FromDays(1);

    private static X509Certificate2 Make(string cn, X509Certificate2? issuer, DateTimeOffset notBefore, DateTimeOffset notAfter, bool ca = false,
        bool basicConstraints = true, X509KeyUsageFlags? keyUsage = null)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=" + cn + ", O=TlsDoctor test", key, HashAlgorithmName.SHA256);
        if (ca && basicConstraints) request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        if (keyUsage is { } usage) request.CertificateExtensions.Add(new X509KeyUsageExtension(usage, true));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
        if (issuer is null) return request.CreateSelfSigned(notBefore, notAfter);
        request.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(issuer, true, false));
        using var issuerKey = issuer.GetECDsaPrivateKey()!;
        return request.Create(issuer.SubjectName, X509SignatureGenerator.CreateForECDsa(issuerKey), notBefore, notAfter, RandomNumberGenerator.GetBytes(8))
            .CopyWithPrivateKey(key);
    }

    public static TheoryData<string> Chains() => [.. BuildChains().Keys];

    private static readonly Lazy<Dictionary<string, X509Certificate2[]>> Built = new(BuildChains);

    private static Dictionary<string, X509Certificate2[]> BuildChains()
    {
        var self = Make("self", null, Now - Day, Now + Day);
        var selfExpired = Make("self-expired", null, Now - 3 * Day, Now - Day);
        var selfFuture = Make("self-future", null, Now + Day, Now + 3 * Day);
        var ca = Make("ca", null, Now - 30 * Day, Now + 30 * Day, ca: true);
        var caExpired = Make("ca-expired", null, Now - 30 * Day, Now - Day, ca: true);
        var caPlain = Make("ca-without-constraints", null, Now - 30 * Day, Now + 30 * Day, ca: true, basicConstraints: false);
        var leaf = Make("leaf", ca, Now - Day, Now + Day);
        var leafExpired = Make("leaf-expired", ca, Now - 3 * Day, Now - Day);
        var leafFuture = Make("leaf-future", ca, Now + Day, Now + 3 * Day);
        var leafOfExpiredCa = Make("leaf-of-expired-ca", caExpired, Now - 10 * Day, Now - 2 * Day);
        var intermediate = Make("intermediate", ca, Now - 10 * Day, Now + 10 * Day, ca: true);
        var intermediateExpired = Make("intermediate-expired", ca, Now - 10 * Day, Now - Day, ca: true);
        var leafOfIntermediate = Make("leaf-of-intermediate", intermediate, Now - Day, Now + Day);
        var leafOfExpiredIntermediate = Make("leaf-of-expired-intermediate", intermediateExpired, Now - 5 * Day, Now - 2 * Day);
        var leafOfPlainCa = Make("leaf-of-plain-ca", caPlain, Now - Day, Now + Day);
        var stranger = Make("stranger", null, Now - Day, Now + Day);
        var intermediateSigningOnly = Make("intermediate-signing-only", ca, Now - 10 * Day, Now + 10 * Day, ca: true, keyUsage: X509KeyUsageFlags.DigitalSignature);
        var leafOfSigningOnly = Make("leaf-of-signing-only", intermediateSigningOnly, Now - Day, Now + Day);
        var intermediateWithUsage = Make("intermediate-with-usage", ca, Now - 10 * Day, Now + 10 * Day, ca: true, keyUsage: X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign);
        var leafOfWithUsage = Make("leaf-of-with-usage", intermediateWithUsage, Now - Day, Now + Day);
        // Same name as the intermediate, another key (a re-keyed intermediate sent in place of the one that signed the leaf).
        var rekeyed = Make("intermediate", ca, Now - 10 * Day, Now + 10 * Day, ca: true);
        return new()
        {
            ["self-signed"] = [self],
            ["self-signed, expired"] = [selfExpired],
            ["self-signed, not yet valid"] = [selfFuture],
            ["leaf without its issuer"] = [leaf],
            ["leaf and its CA"] = [leaf, ca],
            ["expired leaf and its CA"] = [leafExpired, ca],
            ["expired leaf alone"] = [leafExpired],
            ["not yet valid leaf and its CA"] = [leafFuture, ca],
            ["leaf of an expired CA, with it"] = [leafOfExpiredCa, caExpired],
            ["leaf and intermediate, no root"] = [leafOfIntermediate, intermediate],
            ["leaf, intermediate, root"] = [leafOfIntermediate, intermediate, ca],
            ["leaf, root, intermediate (out of order)"] = [leafOfIntermediate, ca, intermediate],
            ["leaf, intermediate, root, unrelated"] = [leafOfIntermediate, intermediate, ca, stranger],
            ["leaf of an expired intermediate, with both"] = [leafOfExpiredIntermediate, intermediateExpired, ca],
            ["leaf and a CA without basic constraints"] = [leafOfPlainCa, caPlain],
            ["leaf and an unrelated self-signed"] = [leaf, stranger],
            ["intermediate whose key usage lacks keyCertSign"] = [leafOfSigningOnly, intermediateSigningOnly, ca],
            ["intermediate with keyCertSign"] = [leafOfWithUsage, intermediateWithUsage, ca],
            ["re-keyed intermediate of the same name"] = [leafOfIntermediate, rekeyed, ca],
            ["expired leaf, CA without basic constraints"] = [Make("leaf-expired-plain", caPlain, Now - 3 * Day, Now - Day), caPlain],
        };
    }

    [Theory]
    [MemberData(nameof(Chains))]
    public void Untrusted_chains_are_judged_as_X509Chain_judges_them(string name)
    {
        var chain = Built.Value[name].Select(c => c.RawData).ToList();
        var index = SystemTrustIndex.Shared;
        Assert.NotNull(index);
        Assert.False(index.MayAnchor([.. Built.Value[name]]));

        var fast = CertificateAnalyzer.Analyze(chain, "any", "leaf", Now, index);
        var exact = CertificateAnalyzer.Analyze(chain, "any", "leaf", Now, trustIndex: null);

        Assert.NotNull(fast);
        Assert.NotNull(exact);
        Assert.False(exact.Trusted);
        Assert.Equal(exact.Trusted, fast.Trusted);
        Assert.Equal(exact.TrustProblems, fast.TrustProblems);
    }

    /// <summary>The index of this machine's store, and the certificates X509Store reads from it (LocalMachine Root).</summary>
    private static (SystemTrustIndex Index, X509Certificate2Collection Roots) IndexAndStore()
    {
        var index = SystemTrustIndex.Shared;
        Assert.NotNull(index);
        using var store = new X509Store(StoreName.Root, StoreLocation.LocalMachine);
        store.Open(OpenFlags.ReadOnly);
        Assert.True(store.Certificates.Count > 0);
        return (index, store.Certificates);
    }

    [Fact]
    public void Every_certificate_of_the_system_store_may_anchor_itself()
    {
        var (index, roots) = IndexAndStore();
        Assert.True(index.Certificates >= roots.Count, $"index read {index.Certificates}, the store holds {roots.Count}");
        foreach (var root in roots)
        {
            Assert.True(index.MayAnchor([root]), root.Subject);
            // A leaf issued by that name is sent to X509Chain too, even when the store's certificate is not sent.
            Assert.True(index.MayAnchor([FakeIssuedBy(root)]), root.Subject);
        }
    }

    [Fact]
    public void The_index_reads_the_files_named_by_the_environment()
    {
        using var temp = new TempDir();
        var ca = Make("private-ca", null, Now - 30 * Day, Now + 30 * Day, ca: true);
        var otherCa = Make("other-ca", null, Now - 30 * Day, Now + 30 * Day, ca: true);
        var dirCa = Make("dir-ca", null, Now - 30 * Day, Now + 30 * Day, ca: true);
        File.WriteAllText(Path.Combine(temp.Path, "bundle.pem"), "junk before\n" + ca.ExportCertificatePem() + "\n");
        Directory.CreateDirectory(Path.Combine(temp.Path, "certs"));
        File.WriteAllBytes(Path.Combine(temp.Path, "certs", "dir-ca.der"), dirCa.RawData);
        File.CreateSymbolicLink(Path.Combine(temp.Path, "certs", "0a1b2c3d.0"), "dir-ca.der");
        File.WriteAllText(Path.Combine(temp.Path, "certs", "again.pem"), ca.ExportCertificatePem());
        // The same certificate again with other line breaks, and the bundle linked into the directory (as Debian does).
        File.WriteAllText(Path.Combine(temp.Path, "certs", "again-crlf.pem"), ca.ExportCertificatePem().ReplaceLineEndings("\r\n"));
        File.CreateSymbolicLink(Path.Combine(temp.Path, "certs", "bundle.crt"), Path.Combine(temp.Path, "bundle.pem"));
        File.WriteAllText(Path.Combine(temp.Path, "certs", "broken.pem"), "-----BEGIN CERTIFICATE-----\n!!!\n-----END CERTIFICATE-----\n");
        var env = new Dictionary<string, string>
        {
            ["SSL_CERT_FILE"] = Path.Combine(temp.Path, "bundle.pem"),
            ["SSL_CERT_DIR"] = Path.Combine(temp.Path, "certs") + ":" + Path.Combine(temp.Path, "missing"),
            ["HOME"] = temp.Path,
        };

        var index = SystemTrustIndex.Load(env.GetValueOrDefault);

        Assert.NotNull(index);
        Assert.Equal(2, index.Certificates);
        Assert.True(index.MayAnchor([Make("leaf", ca, Now - Day, Now + Day)]));
        Assert.True(index.MayAnchor([Make("leaf", dirCa, Now - Day, Now + Day)]));
        Assert.False(index.MayAnchor([Make("leaf", otherCa, Now - Day, Now + Day)]));

        // A user root store is trusted by X509Chain as well, and the index does not read it: no index then.
        Directory.CreateDirectory(Path.Combine(temp.Path, ".dotnet", "corefx", "cryptography", "x509stores", "root"));
        Assert.Null(SystemTrustIndex.Load(env.GetValueOrDefault));
    }

    [Fact]
    public void A_self_signed_certificate_named_like_a_store_certificate_is_anchored_only_by_the_same_key()
    {
        var (index, roots) = IndexAndStore();
        foreach (var root in roots.Where(c => c.SubjectName.RawData.AsSpan().SequenceEqual(c.IssuerName.RawData)).Take(20))
        {
            using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
            var request = new CertificateRequest(root.SubjectName, key, HashAlgorithmName.SHA256);
            var plain = request.CreateSelfSigned(Now - Day, Now + Day);
            request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
            var withIds = request.CreateSelfSigned(Now - Day, Now + Day);
            Assert.True(index.MayAnchor([root]), root.Subject);
            Assert.False(index.MayAnchor([plain]), root.Subject);
            // OpenSSL would look the name up, find the store's certificate and reject it (another key): same verdict as X509Chain's.
            var exact = CertificateAnalyzer.Analyze([plain.RawData], "any", null, Now, trustIndex: null);
            var fast = CertificateAnalyzer.Analyze([plain.RawData], "any", null, Now, index);
            Assert.False(exact!.Trusted);
            Assert.Equal(exact.TrustProblems, fast!.TrustProblems);
            Assert.False(index.MayAnchor([withIds]), root.Subject);
        }
    }

    [Fact]
    public void A_leaf_signed_by_a_trusted_root_name_goes_to_X509Chain_and_stays_untrusted()
    {
        // Same issuer name as a store root, another key: the index must not decide, X509Chain says not trusted.
        using var store = new X509Store(StoreName.Root, StoreLocation.LocalMachine);
        store.Open(OpenFlags.ReadOnly);
        var root = store.Certificates[0];
        var leaf = FakeIssuedBy(root);
        var info = CertificateAnalyzer.Analyze([leaf.RawData], "any", "leaf", Now);
        Assert.NotNull(info);
        Assert.False(info.Trusted);
        Assert.NotEmpty(info.TrustProblems);
    }

    /// <summary>A certificate naming <paramref name="root"/>'s subject as issuer, signed by another key.</summary>
    private static X509Certificate2 FakeIssuedBy(X509Certificate2 root)
    {
        using var issuerKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest(new X500DistinguishedName("CN=leaf"), key, HashAlgorithmName.SHA256);
        return request.Create(root.SubjectName, X509SignatureGenerator.CreateForECDsa(issuerKey), Now - Day, Now + Day, RandomNumberGenerator.GetBytes(8));
    }

    private sealed class TempDir : IDisposable
    {
        public string Path { get; } = Directory.CreateTempSubdirectory("tlsdoctor-trust-").FullName;
        public void Dispose() => Directory.Delete(Path, recursive: true);
    }
}
