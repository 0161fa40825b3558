using System.Text.RegularExpressions;

namespace TlsDoctor.Registry;

/// <summary>
/// ciphersuite.info's rating, re-implemented from its rules (hcrudolph/ciphersuite.info: the name
/// parser in directory/signals.py, the token fixtures in directory/fixtures/*.yaml, the category
/// queries in directory/models.py; restated in data/SOURCES.md). Every rating the program shows
/// comes from here; the `rating` column of data/registry/cipher-suites.csv is only a check.
/// </summary>
public static partial class RatingRules
{
    /// <summary>Splits a suite name into ciphersuite.info's five tokens (signals.py complete_cs_instance).</summary>
    public static CipherSuiteTokens Tokenize(ushort code, string name)
    {
        var text = name.Replace('_', ' ');
        // Non-IANA draft ChaCha20 suites carry an "_OLD" suffix that is not part of the RFC-style name.
        if (text.EndsWith(" OLD", StringComparison.Ordinal)) text = text[..^4];
        var words = text.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        byte lo = (byte)code;

        // GOST R 34.12-2015 suites (RFC 9189, RFC 9367): 0xC1,0x00-0xC1,0x06.
        if (code is >= 0xC100 and <= 0xC106)
        {
            var (before, after) = SplitAtWith(words);
            var kex = string.Join(' ', before.Skip(1));
            if (text.Contains("MGM", StringComparison.Ordinal))
                return new CipherSuiteTokens(before[0], "ECDHE", "-", string.Join(' ', after), "-", IsTls13Style: true);
            return new CipherSuiteTokens(before[0], kex, "GOSTR341012", string.Join(' ', after.Take(after.Length - 1)), "GOSTR341112", IsTls13Style: false);
        }

        // Integrity-only TLS 1.3 suites (RFC 9150): TLS_SHA256_SHA256, TLS_SHA384_SHA384.
        if (code is 0xC0B4 or 0xC0B5)
            return new CipherSuiteTokens(words[0], "-", words[1], "NULL", words[^1], IsTls13Style: true);

        // TLS 1.3 style "TLS_<AEAD>_<HASH>": 0x13,xx and the SM4 suites 0x00,0xC6/0xC7. Names without
        // "WITH" outside those ranges (the Ascon suites 0x00,0x6E-0x71) follow the same shape.
        if (code >> 8 == 0x13 || lo is 0xC6 or 0xC7 || !words.Contains("WITH"))
            return new CipherSuiteTokens(words[0], "-", "-", string.Join(' ', words[1..^1]), words[^1], IsTls13Style: true);

        var protocol = words[0] == "SSL" ? "TLS" : words[0];
        if (text.Contains("EXPORT", StringComparison.Ordinal))
        {
            // "EXPORT_" is removed, "EXPORT1024_" is not (signals.py).
            words = text.Replace("EXPORT ", "", StringComparison.Ordinal).Split(' ', StringSplitOptions.RemoveEmptyEntries);
            protocol += " EXPORT";
        }
        var (kexAuth, rest) = SplitAtWith(words);
        var kexWord = kexAuth.Length > 1 ? kexAuth[1] : "";
        var authWords = string.Join(' ', kexAuth.Skip(2));
        var hash = rest[^1];
        var enc = string.Join(' ', rest.Take(rest.Length - 1));
        if (hash == "CCM" || hash.All(char.IsAsciiDigit))
        {
            enc = enc + " " + hash;
            hash = "SHA256";
        }
        if (kexWord == "PSK" && authWords == "DHE") (kexWord, authWords) = ("DHE", "PSK");
        if (authWords.Length == 0) authWords = kexWord;
        return new CipherSuiteTokens(protocol, kexWord, authWords, enc, hash, IsTls13Style: false);
    }

    /// <summary>
    /// Tokens for a suite without an RFC-style name (two legacy GOST code points), built from the
    /// OpenSSL-style columns with the token spellings the name parser would have produced.
    /// </summary>
    public static CipherSuiteTokens TokenizeColumns(string kx, string auth, string enc, string mac)
    {
        static string Word(string value) => value switch
        {
            "GOST" => "28147 CNT",
            "GOST89IMIT" => "IMIT",
            "SHA1" => "SHA",
            "None" => "NULL",
            _ => value.ToUpperInvariant(),
        };
        return new CipherSuiteTokens("TLS", Word(kx), Word(auth), Word(enc), Word(mac), IsTls13Style: false);
    }

    public static CipherSuiteTokens Tokenize(CipherSuite suite) =>
        suite.Name.StartsWith("TLS_", StringComparison.Ordinal) || suite.Name.StartsWith("SSL_", StringComparison.Ordinal)
            ? Tokenize(suite.Code, suite.Name)
            : TokenizeColumns(suite.Kx, suite.Auth, suite.Enc, suite.Mac);

    /// <summary>The vulnerabilities of each token (directory/fixtures/01_technologies.yaml); unknown tokens carry none.</summary>
    public static IReadOnlyList<Vulnerability> Vulnerabilities(CipherSuiteTokens tokens)
    {
        var found = new List<Vulnerability>();
        void Add(params Vulnerability[] v) { foreach (var x in v) if (!found.Contains(x)) found.Add(x); }
        if (tokens.Protocol == "TLS EXPORT") Add(Vulnerability.ExportGrade);
        switch (tokens.Kex)
        {
            case "DH": Add(Vulnerability.NonEphemeralKeyExchange, Vulnerability.RaccoonAttack); break;
            case "DHE": Add(Vulnerability.DheatAttack, Vulnerability.RaccoonAttack); break;
            case "ECDH" or "KRB5" or "NULL" or "PSK" or "RSA": Add(Vulnerability.NonEphemeralKeyExchange); break;
            case "GOSTR341112 256": Add(Vulnerability.Gost); break;
        }
        switch (tokens.Auth)
        {
            case "anon": Add(Vulnerability.AnonymousKeyExchange); break;
            case "NULL": Add(Vulnerability.NullAuthentication); break;
            case "RSA": Add(Vulnerability.RsaAuthentication); break;
            case "SHA" or "SHA DSS" or "SHA RSA": Add(Vulnerability.Sha1); break;
            case "IMIT" or "GOSTR341012": Add(Vulnerability.Gost); break;
        }
        switch (tokens.Hash)
        {
            case "MD5": Add(Vulnerability.Md5); break;
            case "NULL": Add(Vulnerability.NullIntegrity); break;
            case "SHA": Add(Vulnerability.Sha1); break;
            case "SM3": Add(Vulnerability.Sm3); break;
            case "GOSTR341112": Add(Vulnerability.Gost); break;
        }
        switch (tokens.Enc)
        {
            case "3DES EDE CBC": Add(Vulnerability.TripleDes, Vulnerability.CipherBlockChaining); break;
            case "DES40 CBC" or "DES CBC" or "DES CBC 40": Add(Vulnerability.Des, Vulnerability.CipherBlockChaining); break;
            case "RC2 CBC 40": Add(Vulnerability.Rc2, Vulnerability.CipherBlockChaining); break;
            case "RC4 40" or "RC4 128": Add(Vulnerability.Rc4); break;
            case "NULL": Add(Vulnerability.NullEncryption); break;
            case "AES 128 CBC" or "AES 256 CBC" or "ARIA 128 CBC" or "ARIA 256 CBC" or "CAMELLIA 128 CBC" or "CAMELLIA 256 CBC" or "IDEA CBC" or "SEED CBC":
                Add(Vulnerability.CipherBlockChaining); break;
            case "SM4 GCM" or "SM4 CCM": Add(Vulnerability.Sm4); break;
            case "KUZNYECHIK CTR" or "KUZNYECHIK MGM S" or "KUZNYECHIK MGM L" or "MAGMA CTR" or "MAGMA MGM S" or "MAGMA MGM L" or "28147 CNT":
                Add(Vulnerability.Gost); break;
        }
        return found.OrderByDescending(v => v.Severity).ThenBy(v => v.Name, StringComparer.Ordinal).ToArray();
    }

    /// <summary>
    /// The category queries of models.py, tried in the order updatesecurity.py assigns them.
    /// "recommended" also asks for DHE key exchange or TLS 1.3 in the suite's version set, but
    /// filltlsversion.py puts TLS 1.3 in every suite's set, so that clause is always true.
    /// </summary>
    public static Rating Rate(IReadOnlyList<Vulnerability> vulnerabilities, CipherSuiteTokens tokens)
    {
        if (vulnerabilities.Count == 0 && !tokens.Enc.Contains("CCM", StringComparison.Ordinal)) return Rating.Recommended;
        var worst = vulnerabilities.Count == 0 ? -1 : vulnerabilities.Max(v => v.Severity);
        return worst switch
        {
            <= 0 => Rating.Secure,
            1 => Rating.Weak,
            _ => Rating.Insecure,
        };
    }

    /// <summary>The rating of a suite, or null for signalling values, which are not cipher suites.</summary>
    public static Rating? Rate(CipherSuite suite)
    {
        if (suite.IsSignalling) return null;
        var tokens = Tokenize(suite);
        return Rate(Vulnerabilities(tokens), tokens);
    }

    /// <summary>Forward secrecy as ciphersuite.info computes it: ECDHE/DHE key exchange or TLS 1.3 shape.</summary>
    public static bool IsForwardSecret(CipherSuiteTokens tokens) =>
        tokens.IsTls13Style || EphemeralKex().IsMatch(tokens.Kex)
        // CECPQ1 (Chrome's 2016 experiment) combines X25519 with NewHope, both ephemeral.
        || tokens.Kex == "CECPQ1";

    /// <summary>AEAD as ciphersuite.info computes it, plus the AEGIS and Ascon AEADs its regex predates.</summary>
    public static bool IsAead(CipherSuiteTokens tokens) => AeadEnc().IsMatch(tokens.Enc);

    private static (string[] Before, string[] After) SplitAtWith(string[] words)
    {
        var i = Array.IndexOf(words, "WITH");
        return (words[..i], words[(i + 1)..]);
    }

    [GeneratedRegex("ECDHE|DHE", RegexOptions.IgnoreCase)]
    private static partial Regex EphemeralKex();

    [GeneratedRegex("GCM|POLY1305|CCM|MGM|AEGIS|ASCON", RegexOptions.IgnoreCase)]
    private static partial Regex AeadEnc();
}
