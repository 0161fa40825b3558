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

    /// <summary>Store certificates by subject name (as encoded, and canonical): their subject key identifier and key hash.</summary>
    private readonly Dictionary<string, List<(string? KeyId, string KeyHash)>> _bySubject;
    private readonly HashSet<string> _keyIds;

    private SystemTrustIndex(Dictionary<string, List<(string? KeyId, string KeyHash)>> bySubject, HashSet<string> keyIds, int certificates)
    {
        _bySubject = bySubject;
        _keyIds = keyIds;
        Certificates = certificates;
    }

    /// <summary>Distinct certificates read.</summary>
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

        // Distinct certificates only: the directory holds the bundle's certificates again, each under two names, and on
        // Debian the bundle itself. Each file is read once (by where its links lead), and each certificate's text is
        // recognised before it is decoded (the SHA-256 of its PEM block or DER file, first half): a scan's start-up used to
        // allocate 5 MB here, turning each file into a string and decoding every copy. A certificate whose text differs (line
        // breaks, wrapping) is recognised by its DER.
        var files = new HashSet<string>(StringComparer.Ordinal);
        var seen = new HashSet<UInt128>();
        var bySubject = new Dictionary<string, List<(string? KeyId, string KeyHash)>>(StringComparer.Ordinal);
        var keyIds = new HashSet<string>(StringComparer.Ordinal);
        var count = 0;
        void Add(ReadOnlySpan<byte> block, bool isDer)
        {
            Span<byte> digest = stackalloc byte[32];
            System.Security.Cryptography.SHA256.HashData(block, digest);
            if (!seen.Add(System.Buffers.Binary.BinaryPrimitives.ReadUInt128LittleEndian(digest))) return;
            byte[] der;
            if (isDer) der = block.ToArray();
            else
            {
                der = new byte[System.Buffers.Text.Base64.GetMaxDecodedFromUtf8Length(block.Length)];
                if (System.Buffers.Text.Base64.DecodeFromUtf8(block, der, out _, out var written) != System.Buffers.OperationStatus.Done) return;
                der = der[..written];
                // The same certificate in other line breaks or wrapping: distinct text, the same DER.
                System.Security.Cryptography.SHA256.HashData(der, digest);
                if (!seen.Add(System.Buffers.Binary.BinaryPrimitives.ReadUInt128LittleEndian(digest))) return;
            }
            if (!TryReadNames(der, out var subject, out var keyId, out var keyHash)) return;
            count++;
            var ski = keyId is null ? null : Convert.ToHexString(keyId);
            foreach (var name in new[] { Convert.ToHexString(subject), Canonical(subject) })
            {
                if (!bySubject.TryGetValue(name, out var list)) bySubject[name] = list = [];
                list.Add((ski, keyHash));
            }
            if (ski is not null) keyIds.Add(ski);
        }
        ReadFile(file, files, Add);
        foreach (var dir in dirs)
        {
            IEnumerable<FileSystemInfo> entries;
            try { entries = new DirectoryInfo(dir).EnumerateFileSystemInfos(); }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or System.Security.SecurityException) { continue; }
            foreach (var entry in entries)
            {
                // c_rehash's links (hash.N) point at a file of the same directory, which is read under its own name.
                if (IsRehashName(entry.Name) && entry.LinkTarget is { } target && !target.Contains('/') && File.Exists(Path.Combine(dir, target))) continue;
                if (entry is FileInfo) ReadFile(entry.FullName, files, Add);
            }
        }
        return new SystemTrustIndex(bySubject, keyIds, count);
    }

    /// <summary>
    /// Whether a certificate of the store could be the issuer of one of <paramref name="chain"/>'s certificates, as OpenSSL
    /// looks for one: by issuer name (as encoded, or canonically equal), and, where the certificate names its authority key
    /// identifier, by that identifier; a self-signed certificate only by its own key. False means the system store cannot
    /// anchor the chain.
    /// </summary>
    public bool MayAnchor(IReadOnlyList<X509Certificate2> chain)
    {
        foreach (var cert in chain)
        {
            var aki = cert.Extensions.OfType<X509AuthorityKeyIdentifierExtension>().FirstOrDefault()?.KeyIdentifier is { } id ? Convert.ToHexString(id.Span) : null;
            if (aki is not null && _keyIds.Contains(aki)) return true;
            var selfIssued = cert.SubjectName.RawData.AsSpan().SequenceEqual(cert.IssuerName.RawData);
            string? keyHash = null;
            foreach (var name in new[] { Convert.ToHexString(cert.IssuerName.RawData), Canonical(cert.IssuerName.RawData) })
            {
                if (!_bySubject.TryGetValue(name, out var candidates)) continue;
                foreach (var (ski, hash) in candidates)
                {
                    if (aki is not null && ski is not null) { if (aki == ski) return true; continue; }
                    if (!selfIssued) return true;
                    keyHash ??= KeyHash(cert.PublicKey.ExportSubjectPublicKeyInfo());
                    if (keyHash == hash) return true;
                }
            }
        }
        return false;
    }

    private static string KeyHash(ReadOnlySpan<byte> subjectPublicKeyInfo) => Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(subjectPublicKeyInfo));

    /// <summary>A name c_rehash gives its links: eight hex digits, a dot, a number (r and a number for revocation lists).</summary>
    private static bool IsRehashName(string name) =>
        name.Length >= 10 && name[8] == '.' && name.AsSpan(0, 8).ContainsAnyExcept("0123456789abcdef") is false;

    /// <summary>A certificate's bytes: the base64 text between a PEM block's lines (line breaks included), or a DER file.</summary>
    private delegate void CertificateBytes(ReadOnlySpan<byte> block, bool isDer);

    /// <summary>Each certificate of a file (PEM blocks, or one DER certificate); nothing when the file was read already.</summary>
    private static void ReadFile(string path, HashSet<string> filesRead, CertificateBytes add)
    {
        byte[] bytes;
        try
        {
            var real = new FileInfo(path).ResolveLinkTarget(returnFinalTarget: true)?.FullName ?? Path.GetFullPath(path);
            if (!filesRead.Add(real)) return;
            using var handle = File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            // Trust store files are certificates, a bundle at most a few megabytes: anything larger is not one.
            var length = RandomAccess.GetLength(handle);
            if (length > 16 << 20) return;
            bytes = new byte[length];
            var read = 0;
            while (read < bytes.Length && RandomAccess.Read(handle, bytes.AsSpan(read), read) is var n and > 0) read += n;
            if (read < bytes.Length) bytes = bytes[..read];
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { return; }
        if (bytes.Length > 0 && bytes[0] == 0x30) { add(bytes, isDer: true); return; }
        var text = bytes.AsSpan();
        var begin = "-----BEGIN CERTIFICATE-----"u8;
        var end = "-----END CERTIFICATE-----"u8;
        while (text.IndexOf(begin) is var at and >= 0)
        {
            text = text[(at + begin.Length)..];
            var stop = text.IndexOf(end);
            if (stop < 0) return;
            add(text[..stop], isDer: false);
            text = text[(stop + end.Length)..];
        }
    }

    /// <summary>Subject name (as encoded), subject key identifier and the SHA-256 of the subjectPublicKeyInfo of a DER certificate (RFC 5280 section 4.1).</summary>
    private static bool TryReadNames(byte[] der, out byte[] subject, out byte[]? keyId, out string keyHash)
    {
        subject = [];
        keyId = null;
        keyHash = "";
        try
        {
            var tbs = new AsnReader(der, AsnEncodingRules.DER).ReadSequence().ReadSequence();
            if (tbs.PeekTag().HasSameClassAndValue(new Asn1Tag(TagClass.ContextSpecific, 0))) tbs.ReadEncodedValue();   // version
            tbs.ReadEncodedValue();   // serialNumber
            tbs.ReadEncodedValue();   // signature
            tbs.ReadEncodedValue();   // issuer
            tbs.ReadEncodedValue();   // validity
            subject = tbs.ReadEncodedValue().ToArray();
            keyHash = KeyHash(tbs.ReadEncodedValue().Span);
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
        catch (AsnContentException) { return subject.Length > 0 && keyHash.Length > 0; }
    }

    /// <summary>
    /// A name compared as OpenSSL compares names (its canonical encoding): each attribute's string value as text, without
    /// leading, trailing or repeated spaces, case folded; other values as encoded. Names that differ only in string type,
    /// case or spacing come out equal.
    /// </summary>
    private static string Canonical(byte[] name)
    {
        var sb = new StringBuilder("=");
        try
        {
            var rdns = new AsnReader(name, AsnEncodingRules.BER).ReadSequence();
            while (rdns.HasData)
            {
                var set = rdns.ReadSetOf(skipSortOrderValidation: true);
                sb.Append('/');
                while (set.HasData)
                {
                    var atv = set.ReadSequence();
                    sb.Append(atv.ReadObjectIdentifier()).Append('=');
                    var tag = atv.PeekTag();
                    string? text = null;
                    if (tag.TagClass == TagClass.Universal && !tag.IsConstructed)
                        text = (UniversalTagNumber)tag.TagValue switch
                        {
                            UniversalTagNumber.UTF8String or UniversalTagNumber.PrintableString or UniversalTagNumber.IA5String
                                or UniversalTagNumber.T61String or UniversalTagNumber.BMPString or UniversalTagNumber.UniversalString
                                or UniversalTagNumber.VisibleString => atv.ReadCharacterString((UniversalTagNumber)tag.TagValue),
                            _ => null,
                        };
                    if (text is null) { sb.Append('#').Append(Convert.ToHexString(atv.ReadEncodedValue().Span)); }
                    else
                    {
                        var space = false;
                        foreach (var c in text.Trim())
                        {
                            if (char.IsWhiteSpace(c)) { space = true; continue; }
                            if (space) sb.Append(' ');
                            space = false;
                            sb.Append(char.ToUpperInvariant(c));
                        }
                    }
                    sb.Append('+');
                }
            }
        }
        catch (AsnContentException) { return "?" + Convert.ToHexString(name); }
        return sb.ToString();
    }
}
