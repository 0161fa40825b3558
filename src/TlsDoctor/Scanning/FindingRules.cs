using TlsDoctor.Registry;

namespace TlsDoctor.Scanning;

/// <summary>
/// Derives findings from what a scan observed. Each rule cites the weakness it names; severities follow
/// the usual reading (protocol breaks and key-recovery attacks high, deprecations medium, hygiene low).
/// </summary>
public static class FindingRules
{
    public static IReadOnlyList<Finding> Evaluate(ScanResult scan, DateTimeOffset now)
    {
        var list = new List<Finding>();
        bool Has(TlsVersion v) => scan.Protocols.Any(p => p.Version == v && p.Supported);
        // SSL 2.0 cipher kinds are not TLS suites; SSL 2.0 itself is the finding.
        var accepted = scan.Protocols.Where(p => p.Supported && p.Version != TlsVersion.SSLv2)
            .SelectMany(p => p.Ciphers.Select(c => (Protocol: p.Version, Cipher: c, Suite: CipherSuites.Find(c.Value)))).ToList();
        string Names(IEnumerable<(TlsVersion Protocol, CipherResult Cipher, CipherSuite? Suite)> items) =>
            string.Join(", ", items.Select(i => i.Cipher.DisplayName).Distinct().Take(6)) + (items.Select(i => i.Cipher.Value).Distinct().Count() > 6 ? ", …" : "");

        // A client aborts a handshake whose ServerHello selects what it did not offer (RFC 8446 section 4.1.3, RFC 5246
        // section 7.4.1.3): the server is broken for every client that meets it that way.
        foreach (var violation in scan.ProtocolViolations)
            list.Add(new("protocol-violation", FindingSeverity.Critical, $"the server breaks the TLS protocol: {violation}"));
        if (scan.Protocols.FirstOrDefault(p => p.Version == TlsVersion.SSLv2 && p.Supported) is { } v2)
            list.Add(new("sslv2", FindingSeverity.Critical, "SSLv2 is enabled (RFC 6176 prohibits it; DROWN, CVE-2016-0800)" +
                (v2.Ciphers.Count > 0 ? ": " + string.Join(", ", v2.Ciphers.Select(c => c.DisplayName)) : "")));
        if (Has(TlsVersion.SSLv3)) list.Add(new("sslv3", FindingSeverity.High, "SSLv3 is enabled (RFC 7568 deprecates it; POODLE, CVE-2014-3566)"));
        if (Has(TlsVersion.Tls10)) list.Add(new("tls10", FindingSeverity.Medium, "TLS 1.0 is enabled (deprecated by RFC 8996)"));
        if (Has(TlsVersion.Tls11)) list.Add(new("tls11", FindingSeverity.Medium, "TLS 1.1 is enabled (deprecated by RFC 8996)"));
        if (!Has(TlsVersion.Tls12) && !Has(TlsVersion.Tls13) && scan.Protocols.Any(p => p.Supported))
            list.Add(new("no-tls12", FindingSeverity.High, "neither TLS 1.2 nor TLS 1.3 is supported"));

        void Rule(string id, FindingSeverity severity, string text, Func<CipherSuite, bool> match)
        {
            var hits = accepted.Where(a => a.Suite is { } s && match(s)).ToList();
            if (hits.Count > 0) list.Add(new(id, severity, $"{text}: {Names(hits)}"));
        }
        Rule("null-cipher", FindingSeverity.Critical, "suites without encryption (NULL) are accepted", s => s.IsNullEncryption && !s.IsTls13);
        Rule("anonymous", FindingSeverity.Critical, "anonymous suites (no server authentication) are accepted", s => s.IsAnonymous);
        Rule("export", FindingSeverity.Critical, "export-grade suites are accepted (FREAK CVE-2015-0204, Logjam CVE-2015-4000)", s => s.IsExport);
        Rule("rc4", FindingSeverity.High, "RC4 suites are accepted (RFC 7465 prohibits them)", s => s.Enc.StartsWith("RC4", StringComparison.Ordinal));
        Rule("des", FindingSeverity.High, "single-DES suites are accepted", s => s.Enc == "DES");
        Rule("sweet32", FindingSeverity.Medium, "64-bit block ciphers (3DES, IDEA) are accepted (SWEET32, CVE-2016-2183)", s => s.Enc.StartsWith("3DES", StringComparison.Ordinal) || s.Enc.StartsWith("IDEA", StringComparison.Ordinal));
        Rule("no-forward-secrecy", FindingSeverity.Low, "suites without forward secrecy are accepted", s => !s.IsForwardSecret && !s.IsAnonymous && !s.IsNullEncryption);

        var beast = accepted.Where(a => a.Protocol <= TlsVersion.Tls10 && a.Suite is { } s && IsCbc(s)).ToList();
        if (beast.Count > 0) list.Add(new("beast", FindingSeverity.Low, $"CBC suites under SSLv3/TLS 1.0 (BEAST, CVE-2011-3389): {Names(beast)}"));

        var weakDh = scan.Features.DhPrimeBits.Where(b => b < 2048).ToList();
        if (weakDh.Count > 0)
            list.Add(new("weak-dh", weakDh.Min() < 1024 ? FindingSeverity.High : FindingSeverity.Medium,
                $"finite-field DH with a {weakDh.Min()}-bit prime (under 2048 bits; Logjam)"));

        if (scan.Features.Compression == true) list.Add(new("compression", FindingSeverity.High, "TLS compression is enabled (CRIME, CVE-2012-4929)"));
        if (scan.Features.SecureRenegotiation == false && scan.Protocols.Any(p => p.Supported && p.Version <= TlsVersion.Tls12 && p.Version >= TlsVersion.SSLv3))
            list.Add(new("insecure-renegotiation", FindingSeverity.Medium, "secure renegotiation (RFC 5746) is not supported"));
        if (scan.Features.FallbackScsv == false) list.Add(new("no-fallback-scsv", FindingSeverity.Low, "TLS_FALLBACK_SCSV is ignored (RFC 7507): downgrade attacks are not detected"));
        if (scan.Features.Heartbeat == true) list.Add(new("heartbeat", FindingSeverity.Info, "the heartbeat extension is enabled (check for Heartbleed, CVE-2014-0160)"));

        foreach (var cert in scan.Certificates)
        {
            var which = $"{cert.PresentedFor} certificate {cert.Subject}";
            if (cert.Expired) list.Add(new("cert-expired", FindingSeverity.High, $"{which}: outside its validity ({cert.NotBefore:yyyy-MM-dd} to {cert.NotAfter:yyyy-MM-dd})"));
            else if (cert.NotAfter - now < TimeSpan.FromDays(30)) list.Add(new("cert-expiring", FindingSeverity.Low, $"{which}: expires {cert.NotAfter:yyyy-MM-dd}"));
            if (cert.KeyType == "RSA" && cert.KeyBits < 2048) list.Add(new("cert-weak-key", FindingSeverity.High, $"{which}: {cert.KeyBits}-bit RSA key"));
            if (cert.KeyType == "EC" && cert.KeyBits < 224) list.Add(new("cert-weak-key", FindingSeverity.High, $"{which}: {cert.KeyBits}-bit EC key"));
            if (cert.SignatureAlgorithm.Contains("md5", StringComparison.OrdinalIgnoreCase) || cert.SignatureAlgorithm.Contains("sha1", StringComparison.OrdinalIgnoreCase))
                list.Add(new("cert-weak-signature", FindingSeverity.Medium, $"{which}: signed with {cert.SignatureAlgorithm}"));
            if (cert.HostnameMatches == false) list.Add(new("cert-name-mismatch", FindingSeverity.Medium, $"{which}: does not cover {scan.Target.Sni ?? scan.Target.Host}"));
            if (!cert.Trusted) list.Add(new("cert-untrusted", FindingSeverity.Medium, $"{which}: not trusted by the system store ({string.Join("; ", cert.TrustProblems.Take(2))})"));
            if (!cert.ChainInOrder) list.Add(new("cert-chain-order", FindingSeverity.Low, $"{which}: the chain is not sent in issuing order"));
        }
        return list.OrderByDescending(f => f.Severity).ToList();
    }

    /// <summary>Block ciphers in CBC mode: every non-AEAD suite except stream ciphers and NULL.</summary>
    private static bool IsCbc(CipherSuite s) => !s.IsAead && s.Enc is not ("RC4" or "None" or "" or "GOST89" or "GOST") && !s.IsTls13;

    /// <summary>"best: TLSv1.3 TLS_AES_256_GCM_SHA384 (x25519); worst: TLSv1.0 AES128-SHA (no forward secrecy)".</summary>
    public static string Summarize(ScanResult scan)
    {
        if (scan.Failure is { } f) return $"not scanned: {f.Message}";
        var all = scan.Protocols.Where(p => p.Supported && p.Ciphers.Count > 0 && p.Version != TlsVersion.SSLv2)
            .SelectMany(p => p.Ciphers.Select(c => (p.Version, Cipher: c))).ToList();
        if (all.Count == 0) return scan.Protocols.Any(p => p.Supported) ? "only SSLv2 is accepted" : "no protocol accepted";
        static (int, int, int, int) Score((TlsVersion Version, CipherResult Cipher) x) =>
            ((int)(x.Cipher.Rating ?? Rating.Insecure), x.Cipher.ForwardSecrecy ? 1 : 0, x.Version.Value, x.Cipher.Bits);
        var best = all.MaxBy(Score);
        var worst = all.MinBy(Score);
        string Describe((TlsVersion Version, CipherResult Cipher) x) =>
            $"{x.Version.Name} {x.Cipher.DisplayName} ({(x.Cipher.Rating?.ToString().ToLowerInvariant() ?? "unrated")}{(x.Cipher.ForwardSecrecy ? "" : ", no forward secrecy")})";
        return $"best: {Describe(best)}; worst: {Describe(worst)}";
    }
}
