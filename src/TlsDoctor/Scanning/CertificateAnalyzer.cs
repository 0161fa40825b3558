using System.Formats.Asn1;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace TlsDoctor.Scanning;

/// <summary>Turns the DER certificates a server sent into a <see cref="CertificateInfo"/>. Malformed input yields null.</summary>
public static class CertificateAnalyzer
{
    public static CertificateInfo? Analyze(IReadOnlyList<byte[]> chainDer, string presentedFor, string? hostName, DateTimeOffset now) =>
        Analyze(chainDer, presentedFor, hostName, now, SystemTrustIndex.Shared);

    /// <summary>
    /// As above; <paramref name="trustIndex"/> null sends every chain to X509Chain (and the system store it loads), otherwise only
    /// the chains the index says the store could anchor.
    /// </summary>
    internal static CertificateInfo? Analyze(IReadOnlyList<byte[]> chainDer, string presentedFor, string? hostName, DateTimeOffset now, SystemTrustIndex? trustIndex)
    {
        if (chainDer.Count == 0) return null;
        var certs = new List<X509Certificate2>();
        try
        {
            foreach (var der in chainDer) certs.Add(X509CertificateLoader.LoadCertificate(der));
        }
        catch (CryptographicException)
        {
            foreach (var c in certs) c.Dispose();
            return null;
        }
        try
        {
            var leaf = certs[0];
            var (keyType, bits, curve) = KeyOf(leaf);
            var sans = SubjectAltNames(leaf);
            var inOrder = true;
            for (var i = 0; i + 1 < certs.Count; i++)
                if (certs[i].IssuerName.RawData.AsSpan().SequenceEqual(certs[i + 1].SubjectName.RawData) is false) inOrder = false;

            var (trusted, problems) = trustIndex is not null && !trustIndex.MayAnchor(certs)
                ? (false, UntrustedChainProblems(certs, now))
                : BuildChain(certs, now);

            return new CertificateInfo
            {
                PresentedFor = presentedFor,
                Subject = leaf.Subject,
                SubjectAltNames = sans,
                Issuer = leaf.Issuer,
                KeyType = keyType,
                KeyBits = bits,
                Curve = curve,
                SignatureAlgorithm = leaf.SignatureAlgorithm.FriendlyName ?? leaf.SignatureAlgorithm.Value ?? "unknown",
                NotBefore = new DateTimeOffset(leaf.NotBefore.ToUniversalTime()),
                NotAfter = new DateTimeOffset(leaf.NotAfter.ToUniversalTime()),
                SerialNumber = leaf.SerialNumber,
                Sha256Fingerprint = Fingerprint(leaf.RawData),
                HostnameMatches = hostName is null ? null : leaf.MatchesHostname(hostName, allowWildcards: true, allowCommonName: sans.Count == 0),
                ChainLength = certs.Count,
                ChainInOrder = inOrder,
                Trusted = trusted,
                TrustProblems = problems,
                Expired = now > leaf.NotAfter.ToUniversalTime() || now < leaf.NotBefore.ToUniversalTime(),
                SelfSigned = IsSelfIssued(leaf),
            };
        }
        finally
        {
            foreach (var c in certs) c.Dispose();
        }
    }

    /// <summary>The SHA-256 fingerprint of a DER certificate, as <see cref="CertificateInfo.Sha256Fingerprint"/> gives it (lower-case hex).</summary>
    public static string Fingerprint(ReadOnlySpan<byte> der) => Convert.ToHexStringLower(SHA256.HashData(der));

    /// <summary>X509Chain against the system store (loaded on first use, about 40 ms): whether it is trusted, and OpenSSL's words for each problem.</summary>
    private static (bool Trusted, List<string> Problems) BuildChain(List<X509Certificate2> certs, DateTimeOffset now)
    {
        using var chain = new X509Chain();
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        chain.ChainPolicy.VerificationTime = now.UtcDateTime;
        foreach (var extra in certs.Skip(1)) chain.ChainPolicy.ExtraStore.Add(extra);
        var trusted = chain.Build(certs[0]);
        var problems = chain.ChainStatus.Where(s => s.Status != X509ChainStatusFlags.NoError)
            .Select(s => s.StatusInformation.Trim().Length > 0 ? s.StatusInformation.Trim() : s.Status.ToString()).Distinct().ToList();
        return (trusted, problems);
    }

    /// <summary>
    /// The problems X509Chain reports for a chain no certificate of the system store can anchor, in its order (by status flag):
    /// a certificate of the path out of its validity period (NotTimeValid), why the path is untrusted (UntrustedRoot: it ends
    /// in a self-signed certificate), an issuer whose key usage excludes keyCertSign (NotValidForUsage, before it) or that lacks
    /// the CA flag (InvalidBasicConstraints), or a missing issuer (PartialChain). The path follows issuer names and key identifiers from the leaf
    /// through the certificates sent, as OpenSSL does, whatever order they came in. Signatures are not checked here.
    /// </summary>
    internal static List<string> UntrustedChainProblems(List<X509Certificate2> certs, DateTimeOffset now)
    {
        var path = new List<X509Certificate2> { certs[0] };
        var rest = certs.Skip(1).ToList();
        while (!IsSelfIssued(path[^1]))
        {
            var issuer = rest.FirstOrDefault(c => Issued(c, path[^1]));
            if (issuer is null) break;
            path.Add(issuer);
            rest.Remove(issuer);
        }
        var problems = new List<string>();
        foreach (var cert in path)
        {
            if (now > cert.NotAfter.ToUniversalTime()) { problems.Add("certificate has expired"); break; }
            if (now < cert.NotBefore.ToUniversalTime()) { problems.Add("certificate is not yet valid"); break; }
        }
        var issuers = path.Skip(1).ToList();
        if (issuers.Any(c => c.Extensions.OfType<X509KeyUsageExtension>().FirstOrDefault() is { } ku && (ku.KeyUsages & X509KeyUsageFlags.KeyCertSign) == 0))
            problems.Add("key usage does not include certificate signing");
        var complete = IsSelfIssued(path[^1]);
        if (complete) problems.Add(path.Count == 1 ? "self-signed certificate" : "self-signed certificate in certificate chain");
        if (issuers.Any(c => c.Extensions.OfType<X509BasicConstraintsExtension>().FirstOrDefault() is not { CertificateAuthority: true }))
            problems.Add("invalid CA certificate");
        if (!complete) problems.Add("unable to get local issuer certificate");
        return problems;
    }

    private static bool IsSelfIssued(X509Certificate2 cert) => cert.SubjectName.RawData.AsSpan().SequenceEqual(cert.IssuerName.RawData);

    /// <summary>Whether <paramref name="issuer"/> names <paramref name="child"/>'s issuer, and its key identifier matches the child's authority key identifier when both are present.</summary>
    private static bool Issued(X509Certificate2 issuer, X509Certificate2 child)
    {
        if (!issuer.SubjectName.RawData.AsSpan().SequenceEqual(child.IssuerName.RawData)) return false;
        var aki = child.Extensions.OfType<X509AuthorityKeyIdentifierExtension>().FirstOrDefault()?.KeyIdentifier;
        var ski = issuer.Extensions.OfType<X509SubjectKeyIdentifierExtension>().FirstOrDefault()?.SubjectKeyIdentifierBytes;
        return aki is not { } a || ski is not { } k || a.Span.SequenceEqual(k.Span);
    }

    /// <summary>The NamedGroup of an ECDSA certificate's curve (secp256r1, secp384r1, secp521r1), or null.</summary>
    public static ushort? CurveGroup(byte[] der)
    {
        try
        {
            using var cert = X509CertificateLoader.LoadCertificate(der);
            using var ec = cert.GetECDsaPublicKey();
            return ec?.ExportParameters(false).Curve.Oid.Value switch
            {
                "1.2.840.10045.3.1.7" => 0x0017,
                "1.3.132.0.34" => 0x0018,
                "1.3.132.0.35" => 0x0019,
                _ => null,
            };
        }
        catch (CryptographicException) { return null; }
    }

    private static (string Type, int Bits, string? Curve) KeyOf(X509Certificate2 cert)
    {
        using (var rsa = cert.GetRSAPublicKey()) if (rsa is not null) return ("RSA", rsa.KeySize, null);
        using (var ec = cert.GetECDsaPublicKey())
            if (ec is not null)
            {
                string? curve = null;
                try { curve = ec.ExportParameters(false).Curve.Oid.FriendlyName; } catch (CryptographicException) { }
                return ("EC", ec.KeySize, curve);
            }
        using (var dsa = cert.GetDSAPublicKey()) if (dsa is not null) return ("DSA", dsa.KeySize, null);
        var oid = cert.PublicKey.Oid.Value;
        return oid switch
        {
            "1.3.101.112" => ("Ed25519", 256, null),
            "1.3.101.113" => ("Ed448", 456, null),
            _ => (cert.PublicKey.Oid.FriendlyName ?? oid ?? "unknown", 0, null),
        };
    }

    private static IReadOnlyList<string> SubjectAltNames(X509Certificate2 cert)
    {
        var list = new List<string>();
        foreach (var ext in cert.Extensions)
        {
            if (ext is not X509SubjectAlternativeNameExtension san) continue;
            try
            {
                foreach (var dns in san.EnumerateDnsNames()) list.Add(dns);
                foreach (var ip in san.EnumerateIPAddresses()) list.Add(ip.ToString());
            }
            catch (Exception e) when (e is CryptographicException or AsnContentException) { }
        }
        return list;
    }
}
