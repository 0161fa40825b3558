using System.Formats.Asn1;
using System.Security.Cryptography.X509Certificates;
using System.Text;

namespace TlsDoctor.Scanning;

/// <summary>
/// What could anchor a chain in the system trust store, without loading that store into <see cref="X509Chain"/>:
/// the subject names and key identifiers of every certificate in the files .NET reads for it on Unix (the
/// SSL_CERT_FILE bundle and every file of the SSL_CERT_DIR directories, by default OpenSSL's cert.pem and certs/).
/// Loading them the way X509Chain does costs about 40 ms per process; reading names and key identifiers costs a few.
/// A chain none of whose certificates names (as issuer or subject) one of these can never be trusted by the system
/// store, so <see cref="CertificateAnalyzer"/> judges it without X509Chain; every other chain goes to X509Chain.
/// </summary>
public sealed class SystemTrustIndex
{
    private static readonly Lazy<SystemTrustIndex?> LazyShared = new(() => Load(Environment.GetEnvironmentVariable), LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>OpenSSL directories of the common distributions (Debian/Ubuntu, RHEL/Fedora, Alpine/SUSE/Arch, source builds).</summary>
    private static readonly string[] OpenSslDirs = ["/usr/lib/ssl", "/etc/pki/tls", "/etc/ssl", "/usr/local/ssl"];

    private readonly HashSet<string> _names;
    private readonly HashSet<string> _keyIds;

    private SystemTrustIndex(HashSet<string> names, HashSet<string> keyIds, int certificates)
    {
        _names = names;
        _keyIds = keyIds;
        Certificates = certificates;
    }

    /// <summary>Certificates read.</summary>
    public int Certificates { get; }

    /// <summary>
    /// The index of this machine's store, read once per process; null where the store's files cannot be located
    /// (not Unix, or no known OpenSSL directory), in which case every chain goes to X509Chain.
    /// </summary>
    public static SystemTrustIndex? Shared => LazyShared.Value;

    /// <summary>Reads the store's files in the background, so that the first chain does not wait for them.</summary>
    public static void Prefetch()
    {
        if (!LazyShared.IsValueCreated) ThreadPool.UnsafeQueueUserWorkItem(static _ => _ = LazyShared.Value, null);
    }

    /// <summary>Locates the store's files as .NET does on Unix (environment first, then OpenSSL's defaults) and indexes them.</summary>
    public static SystemTrustIndex? Load(Func<string, string?> environment)
    {
        if (OperatingSystem.IsWindows() || OperatingSystem.IsMacOS()) return null;
        var file = environment("SSL_CERT_FILE");
        var dirs = environment("SSL_CERT_DIR")?.Split(':', StringSplitOptions.RemoveEmptyEntries);
        if (file is null || dirs is null)
        {
            var openSslDir = OpenSslDirs.FirstOrDefault(d => File.Exists(Path.Combine(d, "cert.pem")) || Directory.Exists(Path.Combine(d, "certs")));
            if (openSslDir is null) return null;
            file ??= Path.Combine(openSslDir, "cert.pem");
            dirs ??= [Path.Combine(openSslDir, "certs")];
        }
        // The user's own root store (X509Store Root, CurrentUser) is trusted too: an index cannot vouch for what it did not read.
        var home = environment("HOME");
        if (home is not null && Directory.Exists(Path.Combine(home, ".dotnet", "corefx", "cryptography", "x509stores", "root"))) return null;

        var names = new HashSet<string>(StringComparer.Ordinal);
        var keyIds = new HashSet<string>(StringComparer.Ordinal);
        var count = 0;
        void Add(byte[] der)
        {
            if (!TryReadNames(der, out var subject, out var keyId)) return;
            count++;
            names.Add(Convert.ToHexString(subject));
            names.Add(Normalized(subject));
            if (keyId is not null) keyIds.Add(Convert.ToHexString(keyId));
        }
        foreach (var der in ReadFile(file)) Add(der);
        foreach (var dir in dirs)
        {
            IEnumerable<string> entries;
            try { entries = Directory.EnumerateFiles(dir); }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException) { continue; }
            foreach (var path in entries)
                foreach (var der in ReadFile(path)) Add(der);
        }
        return new SystemTrustIndex(names, keyIds, count);
    }

    /// <summary>
    /// Whether a certificate of the store could be the issuer of, or the same as, one of <paramref name="chain"/>'s
    /// certificates: by issuer name (as encoded, and compared as text without case or spacing differences), by
    /// authority key identifier, or by subject name. False means the system store cannot anchor the chain.
    /// </summary>
    public bool MayAnchor(IReadOnlyList<X509Certificate2> chain)
    {
        foreach (var cert in chain)
        {
            foreach (var name in new[] { cert.IssuerName.RawData, cert.SubjectName.RawData })
                if (_names.Contains(Convert.ToHexString(name)) || _names.Contains(Normalized(name))) return true;
            foreach (var ext in cert.Extensions)
                if (ext is X509AuthorityKeyIdentifierExtension { KeyIdentifier: { } aki } && _keyIds.Contains(Convert.ToHexString(aki.Span)))
                    return true;
        }
        return false;
    }

    private static IEnumerable<byte[]> ReadFile(string path)
    {
        byte[] bytes;
        try
        {
            var info = new FileInfo(path);
            // Trust store files are certificates, a bundle at most a few megabytes: anything larger is not one.
            if (!info.Exists || info.Length > 16 << 20) return [];
            bytes = File.ReadAllBytes(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { return []; }
        return bytes.Length > 0 && bytes[0] == 0x30 ? [bytes] : PemCertificates(Encoding.ASCII.GetString(bytes));
    }

    private static List<byte[]> PemCertificates(string text)
    {
        const string Begin = "-----BEGIN CERTIFICATE-----", End = "-----END CERTIFICATE-----";
        var list = new List<byte[]>();
        var at = 0;
        while ((at = text.IndexOf(Begin, at, StringComparison.Ordinal)) >= 0)
        {
            var start = at + Begin.Length;
            var end = text.IndexOf(End, start, StringComparison.Ordinal);
            if (end < 0) break;
            try { list.Add(Convert.FromBase64String(text[start..end])); }
            catch (FormatException) { }
            at = end + End.Length;
        }
        return list;
    }

    /// <summary>The subject name (as encoded) and subject key identifier of a DER certificate (RFC 5280 section 4.1).</summary>
    private static bool TryReadNames(byte[] der, out byte[] subject, out byte[]? keyId)
    {
        subject = [];
        keyId = null;
        try
        {
            var tbs = new AsnReader(der, AsnEncodingRules.DER).ReadSequence().ReadSequence();
            if (tbs.PeekTag().HasSameClassAndValue(new Asn1Tag(TagClass.ContextSpecific, 0))) tbs.ReadEncodedValue();   // version
            tbs.ReadEncodedValue();   // serialNumber
            tbs.ReadEncodedValue();   // signature
            tbs.ReadEncodedValue();   // issuer
            tbs.ReadEncodedValue();   // validity
            subject = tbs.ReadEncodedValue().ToArray();
            tbs.ReadEncodedValue();   // subjectPublicKeyInfo
            var extensionsTag = new Asn1Tag(TagClass.ContextSpecific, 3);
            while (tbs.HasData)
            {
                if (!tbs.PeekTag().HasSameClassAndValue(extensionsTag)) { tbs.ReadEncodedValue(); continue; }
                var extensions = tbs.ReadSequence(extensionsTag).ReadSequence();
                while (extensions.HasData)
                {
                    var ext = extensions.ReadSequence();
                    var oid = ext.ReadObjectIdentifier();
                    if (ext.PeekTag().HasSameClassAndValue(Asn1Tag.Boolean)) ext.ReadBoolean();
                    var value = ext.ReadOctetString();
                    if (oid == "2.5.29.14") keyId = new AsnReader(value, AsnEncodingRules.DER).ReadOctetString();
                }
            }
            return true;
        }
        catch (AsnContentException) { return subject.Length > 0; }
    }

    /// <summary>A name as text, upper case, runs of spaces collapsed: equal for encodings OpenSSL's canonical comparison takes as equal.</summary>
    private static string Normalized(byte[] name)
    {
        string text;
        try { text = new X500DistinguishedName(name).Format(multiLine: false); }
        catch (Exception e) when (e is System.Security.Cryptography.CryptographicException or AsnContentException) { return "?" + Convert.ToHexString(name); }
        var sb = new StringBuilder(text.Length + 1).Append('=');
        var space = false;
        foreach (var c in text.Trim())
        {
            if (char.IsWhiteSpace(c)) { space = true; continue; }
            if (space) sb.Append(' ');
            space = false;
            sb.Append(char.ToUpperInvariant(c));
        }
        return sb.ToString();
    }
}
