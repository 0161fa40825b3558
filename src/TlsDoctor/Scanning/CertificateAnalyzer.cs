using System.Formats.Asn1;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace TlsDoctor.Scanning;

/// <summary>Turns the DER certificates a server sent into a <see cref="CertificateInfo"/>. Malformed input yields null.</summary>
public static class CertificateAnalyzer
{
    public static CertificateInfo? Analyze(IReadOnlyList<byte[]> chainDer, string presentedFor, string? hostName, DateTimeOffset now)
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

            using var chain = new X509Chain();
            chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
            chain.ChainPolicy.VerificationTime = now.UtcDateTime;
            foreach (var extra in certs.Skip(1)) chain.ChainPolicy.ExtraStore.Add(extra);
            var trusted = chain.Build(leaf);
            var problems = chain.ChainStatus.Where(s => s.Status != X509ChainStatusFlags.NoError)
                .Select(s => s.StatusInformation.Trim().Length > 0 ? s.StatusInformation.Trim() : s.Status.ToString()).Distinct().ToList();

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
                Sha256Fingerprint = Convert.ToHexStringLower(SHA256.HashData(leaf.RawData)),
                HostnameMatches = hostName is null ? null : leaf.MatchesHostname(hostName, allowWildcards: true, allowCommonName: sans.Count == 0),
                ChainLength = certs.Count,
                ChainInOrder = inOrder,
                Trusted = trusted,
                TrustProblems = problems,
                Expired = now > leaf.NotAfter.ToUniversalTime() || now < leaf.NotBefore.ToUniversalTime(),
                SelfSigned = leaf.SubjectName.RawData.AsSpan().SequenceEqual(leaf.IssuerName.RawData),
            };
        }
        finally
        {
            foreach (var c in certs) c.Dispose();
        }
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
