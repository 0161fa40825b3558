using static TlsDoctor.Registry.OpenSsl.OpenSslAlgorithms;

namespace TlsDoctor.Registry.OpenSsl;

/// <summary>
/// OpenSSL 3.0's cipher-string language (the `ssl_ciphers` / `ssl-default-bind-ciphers` value of nginx
/// and haproxy, `openssl ciphers STRING`), evaluated without OpenSSL: which suites a string selects and
/// in which order. Behaviour follows `man 1 openssl-ciphers` and was checked against the openssl 3.0
/// binary (tests/TlsDoctor.IntegrationTests/Registry). The suites are the ones OpenSSL 3.0's default
/// provider offers (data/registry/openssl-3.0-ciphers.csv).
/// </summary>
public static class OpenSslCipherString
{
    /// <summary>OpenSSL 3.0's default TLS 1.3 ciphersuites (OSSL_default_ciphersuites).</summary>
    public const string DefaultTls13Ciphersuites = "TLS_AES_256_GCM_SHA384:TLS_CHACHA20_POLY1305_SHA256:TLS_AES_128_GCM_SHA256";

    /// <summary>What "DEFAULT" stands for at the start of a string (OSSL_default_cipher_list).</summary>
    public const string DefaultCipherList = "ALL:!COMPLEMENTOFDEFAULT:!eNULL";

    private static readonly Lazy<Engine> Data = new(Engine.Load);

    /// <summary>Every TLS 1.2-and-older suite OpenSSL 3.0 knows, in its default preference order.</summary>
    public static IReadOnlyList<CipherSuite> KnownSuites => Data.Value.Ciphers.Select(c => c.Suite).ToArray();

    /// <summary>Every TLS 1.3 suite OpenSSL 3.0 knows (usable in the ciphersuites list).</summary>
    public static IReadOnlyList<CipherSuite> KnownTls13Suites => Data.Value.Tls13ByStdName.Values.OrderBy(s => s.Code).ToArray();

    /// <summary>
    /// Expands <paramref name="cipherString"/> as `openssl ciphers -V -ciphersuites TLS13 STRING` would.
    /// <paramref name="tls13Ciphersuites"/> defaults to OpenSSL's default TLS 1.3 list; pass "" for none.
    /// A @SECLEVEL=n command is validated and reported, but like `openssl ciphers` without -s it does not
    /// remove suites from the list.
    /// </summary>
    public static OpenSslExpansion Expand(string cipherString, string? tls13Ciphersuites = null)
    {
        var engine = Data.Value;
        var tls13 = new List<CipherSuite>();
        var ciphersuites = tls13Ciphersuites ?? DefaultTls13Ciphersuites;
        if (ciphersuites.Length > 0)
        {
            // CONF_parse_list with ':' and whitespace trimming; unknown names are skipped, an all-unknown list fails.
            foreach (var part in ciphersuites.Split(':'))
            {
                var name = part.Trim();
                if (name.Length > 0 && engine.Tls13ByStdName.TryGetValue(name, out var s)) tls13.Add(s);
            }
            if (tls13.Count == 0)
                return OpenSslExpansion.Failed(new(OpenSslCipherStringErrorKind.NoTls13CipherMatch,
                    $"no cipher suite in the TLS 1.3 ciphersuites list '{ciphersuites}' is known to OpenSSL"));
        }

        var list = new CipherList(engine.Ciphers);
        int? level = null;
        var rules = SuiteBRules(cipherString) ?? cipherString;
        if (rules.StartsWith("DEFAULT", StringComparison.Ordinal))
        {
            var error = Process(DefaultCipherList, 0, engine, list, ref level);
            if (error is not null) return OpenSslExpansion.Failed(error);
            var rest = 7 + (rules.Length > 7 && rules[7] == ':' ? 1 : 0);
            error = Process(rules, rest, engine, list, ref level);
            if (error is not null) return OpenSslExpansion.Failed(error);
        }
        else if (Process(rules, 0, engine, list, ref level) is { } error)
            return OpenSslExpansion.Failed(error);

        var legacy = list.Active().Select(c => c.Suite).ToArray();
        if (legacy.Length == 0)
            return OpenSslExpansion.Failed(new(OpenSslCipherStringErrorKind.NoCipherMatch,
                $"the cipher string '{cipherString}' selects no TLS 1.2-or-older cipher suite (OpenSSL: no cipher match)"));
        return new OpenSslExpansion([.. tls13, .. legacy], tls13, legacy, level, null);
    }

    /// <summary>
    /// Whether OpenSSL 3.0's default security callback lets a suite be offered or chosen at a security
    /// level (SSL_CTX_set_security_level; what `openssl ciphers -s` keeps): level 0 allows everything;
    /// from level 1 no anonymous suite, no MD5 MAC and at least 80, 112, 128, 192, 256 bits of
    /// symmetric strength for levels 1 to 5; SHA-1 MACs end at level 4 (160-bit limit); from level 3
    /// only forward-secret (EC)DHE or (EC)DHE-PSK key exchange or TLS 1.3. Unknown-to-OpenSSL suites are never allowed.
    /// </summary>
    public static bool IsAllowedAtSecurityLevel(CipherSuite suite, int level)
    {
        if (level is < 0 or > 5) throw new ArgumentOutOfRangeException(nameof(level), level, "OpenSSL security levels are 0 to 5");
        var engine = Data.Value;
        int bits;
        uint kx, auth, mac;
        if (engine.ByCode.TryGetValue(suite.Code, out var c)) (bits, kx, auth, mac) = (c.StrengthBits, c.KeyExchange, c.Authentication, c.Mac);
        else if (engine.Tls13ByStdName.TryGetValue(suite.IanaName ?? "", out var t13) && t13.IsTls13) (bits, kx, auth, mac) = (t13.EncBits, KAny, AAny, Aead);
        else return false;
        if (level == 0) return true;
        int minimumBits = level switch { 1 => 80, 2 => 112, 3 => 128, 4 => 192, _ => 256 };
        if (bits < minimumBits) return false;
        if ((auth & ANull) != 0 || (mac & Md5) != 0) return false;
        if (minimumBits > 160 && (mac & Sha1) != 0) return false;
        if (level >= 3 && !suite.IsTls13 && (kx & (KDhe | KEcdhe | KDhePsk | KEcdhePsk)) == 0) return false;
        return true;
    }

    /// <summary>The same expansion as OpenSSL names, colon-separated: the form nginx and haproxy configurations use.</summary>
    public static string ToCipherList(IEnumerable<CipherSuite> suites) =>
        string.Join(':', suites.Where(s => s.OpenSslName is not null && !s.IsTls13).Select(s => s.OpenSslName));

    // Suite B strings replace the whole rule string when they start it (RFC 6460 profiles).
    private static string? SuiteBRules(string s) =>
        s.StartsWith("SUITEB128ONLY", StringComparison.Ordinal) ? "ECDHE-ECDSA-AES128-GCM-SHA256"
        : s.StartsWith("SUITEB128C2", StringComparison.Ordinal) ? "ECDHE-ECDSA-AES256-GCM-SHA384"
        : s.StartsWith("SUITEB128", StringComparison.Ordinal) ? "ECDHE-ECDSA-AES128-GCM-SHA256:ECDHE-ECDSA-AES256-GCM-SHA384"
        : s.StartsWith("SUITEB192", StringComparison.Ordinal) ? "ECDHE-ECDSA-AES256-GCM-SHA384"
        : null;

    private static bool IsSeparator(char c) => c is ':' or ' ' or ';' or ',';
    private static bool IsWordChar(char c) => c is (>= 'A' and <= 'Z') or (>= 'a' and <= 'z') or (>= '0' and <= '9') or '-' or '.' or '=';

    private enum Op { Add, Delete, Order, Kill, Command }

    /// <summary>Applies the rules of <paramref name="s"/> from <paramref name="start"/>; returns the first error.</summary>
    private static OpenSslCipherStringError? Process(string s, int start, Engine engine, CipherList list, ref int? level)
    {
        int i = start;
        while (i < s.Length)
        {
            char c = s[i];
            if (IsSeparator(c)) { i++; continue; }
            var op = c switch { '-' => Op.Delete, '+' => Op.Order, '!' => Op.Kill, '@' => Op.Command, _ => Op.Add };
            if (op != Op.Add) i++;

            // A rule is one word or several joined by '+', each narrowing the selection.
            var selector = new Selector();
            bool found = true;
            string word;
            while (true)
            {
                int begin = i;
                while (i < s.Length && IsWordChar(s[i])) i++;
                word = s[begin..i];
                if (word.Length == 0)
                {
                    var what = i < s.Length ? $"unexpected character '{s[i]}'" : "missing word at the end";
                    return new(OpenSslCipherStringErrorKind.InvalidCommand, $"invalid cipher string: {what}", i);
                }
                if (op == Op.Command) break;
                bool more = i < s.Length && s[i] == '+';
                if (more) i++;
                if (!selector.Narrow(word, engine)) { found = false; break; }
                if (!more) break;
            }

            if (op == Op.Command)
            {
                if (word == "STRENGTH") list.SortByStrength();
                else if (word.Length == 10 && word.StartsWith("SECLEVEL=", StringComparison.Ordinal) && word[9] is >= '0' and <= '5')
                    level = word[9] - '0';
                else
                    return new(OpenSslCipherStringErrorKind.InvalidCommand,
                        $"invalid cipher string: unknown command '@{word}' (expected @STRENGTH or @SECLEVEL=0…5)", i - word.Length - 1);
            }
            else if (found)
                list.Apply(op, selector);
            // An unknown word, or one that contradicts the words before it, drops the rest of the rule.
            if (op == Op.Command || !found)
                while (i < s.Length && !IsSeparator(s[i])) i++;
        }
        return null;
    }

    /// <summary>The conjunction of the words of one rule; zero in a class means "any".</summary>
    private sealed class Selector
    {
        public uint KeyExchange, Authentication, Encryption, Mac, Strength;
        public ushort MinTls;
        public OpenSslCipher? Cipher;

        public bool Narrow(string word, Engine engine)
        {
            uint kx, au, enc, mac, strength; ushort minTls;
            OpenSslCipher? cipher = null;
            if (engine.ByName.TryGetValue(word, out var c))
            {
                cipher = c;
                (kx, au, enc, mac, strength, minTls) = (c.KeyExchange, c.Authentication, c.Encryption, c.Mac, c.Strength, (ushort)0);
            }
            else if (engine.Aliases.TryGetValue(word, out var a))
                (kx, au, enc, mac, strength, minTls) = (a.KeyExchange, a.Authentication, a.Encryption, a.Mac, a.Strength, a.MinTls);
            else
                return false;

            if (!Intersect(ref KeyExchange, kx) || !Intersect(ref Authentication, au) || !Intersect(ref Encryption, enc) || !Intersect(ref Mac, mac))
                return false;
            if ((strength & StrongMask) != 0)
            {
                if ((Strength & StrongMask) != 0)
                {
                    Strength &= (strength & StrongMask) | ~StrongMask;
                    if ((Strength & StrongMask) == 0) return false;
                }
                else Strength |= strength & StrongMask;
            }
            if ((strength & DefaultMask) != 0)
            {
                if ((Strength & DefaultMask) != 0)
                {
                    Strength &= (strength & DefaultMask) | ~DefaultMask;
                    if ((Strength & DefaultMask) == 0) return false;
                }
                else Strength |= strength & DefaultMask;
            }
            // A suite's own name selects that suite; its protocol version is not part of the pattern.
            if (cipher is not null) Cipher = cipher;
            else if (minTls != 0)
            {
                if (MinTls != 0 && MinTls != minTls) return false;
                MinTls = minTls;
            }
            return true;
        }

        private static bool Intersect(ref uint current, uint next)
        {
            if (next == 0) return true;
            if (current == 0) { current = next; return true; }
            current &= next;
            return current != 0;
        }

        public bool Matches(OpenSslCipher c) =>
            (Cipher is null || Cipher == c)
            && (KeyExchange == 0 || (KeyExchange & c.KeyExchange) != 0)
            && (Authentication == 0 || (Authentication & c.Authentication) != 0)
            && (Encryption == 0 || (Encryption & c.Encryption) != 0)
            && (Mac == 0 || (Mac & c.Mac) != 0)
            && (MinTls == 0 || MinTls == c.MinTls)
            && ((Strength & StrongMask) == 0 || (Strength & StrongMask & c.Strength) != 0)
            && ((Strength & DefaultMask) == 0 || (Strength & DefaultMask & c.Strength) != 0);
    }

    /// <summary>
    /// The ordered list every rule edits: all known suites, each active (selected) or not. Inactive
    /// suites keep a position, so a later "add" brings them back in that order.
    /// </summary>
    private sealed class CipherList(IReadOnlyList<OpenSslCipher> initial)
    {
        private List<(OpenSslCipher Cipher, bool Active)> _items = initial.Select(c => (c, false)).ToList();

        public IEnumerable<OpenSslCipher> Active() => _items.Where(x => x.Active).Select(x => x.Cipher);

        public void Apply(Op op, Selector selector)
        {
            switch (op)
            {
                case Op.Add:      // selected inactive suites move to the end, active
                    Move(x => !x.Active && selector.Matches(x.Cipher), toFront: false, active: true);
                    break;
                case Op.Order:    // selected active suites move to the end
                    Move(x => x.Active && selector.Matches(x.Cipher), toFront: false, active: true);
                    break;
                case Op.Delete:   // selected active suites move to the front, inactive, so a later add prefers them
                    Move(x => x.Active && selector.Matches(x.Cipher), toFront: true, active: false);
                    break;
                case Op.Kill:     // selected suites leave the list for good
                    _items.RemoveAll(x => selector.Matches(x.Cipher));
                    break;
            }
        }

        /// <summary>@STRENGTH: active suites by decreasing strength bits, keeping the current order within equal strength.</summary>
        public void SortByStrength()
        {
            var bits = _items.Where(x => x.Active).Select(x => x.Cipher.StrengthBits).Distinct().OrderDescending().ToArray();
            foreach (var b in bits)
                Move(x => x.Active && x.Cipher.StrengthBits == b, toFront: false, active: true);
        }

        private void Move(Func<(OpenSslCipher Cipher, bool Active), bool> selected, bool toFront, bool active)
        {
            var moved = new List<(OpenSslCipher, bool)>();
            var kept = new List<(OpenSslCipher, bool)>(_items.Count);
            foreach (var x in _items)
                if (selected(x)) moved.Add((x.Cipher, active)); else kept.Add(x);
            if (moved.Count == 0) return;
            _items = toFront ? [.. moved, .. kept] : [.. kept, .. moved];
        }
    }

    private sealed record Engine(
        IReadOnlyList<OpenSslCipher> Ciphers,
        Dictionary<string, OpenSslCipher> ByName,
        Dictionary<ushort, OpenSslCipher> ByCode,
        Dictionary<string, OpenSslAlias> Aliases,
        Dictionary<string, CipherSuite> Tls13ByStdName)
    {
        public static Engine Load()
        {
            var csv = CsvTable.LoadEmbedded("data/registry/openssl-3.0-ciphers.csv");
            var ciphers = new List<OpenSslCipher>();
            var tls13 = new List<CipherSuite>();
            foreach (var row in csv.Rows)
            {
                var code = Convert.ToUInt16(csv.Get(row, "code"), 16);
                var suite = CipherSuites.Find(code) ?? throw new InvalidDataException($"openssl-3.0-ciphers.csv: {Codepoint.Format(code)} is not in the cipher-suite registry");
                if (suite.OpenSslName != csv.Get(row, "openssl_name"))
                    throw new InvalidDataException($"openssl-3.0-ciphers.csv: {Codepoint.Format(code)} is {suite.OpenSslName} in the registry, {csv.Get(row, "openssl_name")} here");
                // TLS 1.3 suites are configured separately (-ciphersuites) and take no part in the rules.
                if (suite.IsTls13) { tls13.Add(suite); continue; }
                uint strength = csv.Get(row, "strength") switch
                {
                    "HIGH" => High, "MEDIUM" => Medium, "LOW" => Low, "NONE" => StrongNone,
                    var other => throw new InvalidDataException($"openssl-3.0-ciphers.csv: strength '{other}'"),
                };
                if (csv.Get(row, "fips") == "true") strength |= Fips;
                if (csv.Get(row, "not_default") == "true") strength |= NotDefault;
                var enc = EncryptionBits(suite);
                ciphers.Add(new OpenSslCipher(
                    suite,
                    KeyExchangeBits(suite.Kx),
                    AuthenticationBits(suite.Auth),
                    enc,
                    MacBits(suite.Mac),
                    suite.MinProtocol?.Value ?? throw new InvalidDataException($"{suite.Name}: no minimum protocol"),
                    strength,
                    // 3DES keys have 168 bits but 112 bits of strength (meet-in-the-middle).
                    enc == E3Des ? 112 : suite.EncBits,
                    int.Parse(csv.Get(row, "default_order"))));
            }
            ciphers.Sort((a, b) => a.DefaultOrder.CompareTo(b.DefaultOrder));
            return new Engine(
                ciphers,
                ciphers.ToDictionary(c => c.Name, StringComparer.Ordinal),
                ciphers.ToDictionary(c => c.Suite.Code),
                OpenSslAlias.All.ToDictionary(a => a.Name, StringComparer.Ordinal),
                // -ciphersuites takes standard (IANA) names of any suite OpenSSL knows.
                tls13.Concat(ciphers.Select(c => c.Suite)).Where(s => s.IanaName is not null)
                    .ToDictionary(s => s.IanaName!, StringComparer.Ordinal));
        }

        private static uint KeyExchangeBits(string kx) => kx switch
        {
            "RSA" => KRsa, "DH" => KDhe, "ECDH" => KEcdhe, "PSK" => KPsk, "RSAPSK" => KRsaPsk,
            "ECDHEPSK" => KEcdhePsk, "DHEPSK" => KDhePsk, "SRP" => KSrp, "any" => KAny,
            _ => throw new InvalidDataException($"no OpenSSL key exchange '{kx}'"),
        };

        private static uint AuthenticationBits(string auth) => auth switch
        {
            "RSA" => ARsa, "DSS" => ADss, "None" => ANull, "ECDSA" => AEcdsa, "PSK" => APsk, "SRP" => ASrp, "any" => AAny,
            _ => throw new InvalidDataException($"no OpenSSL authentication '{auth}'"),
        };

        private static uint EncryptionBits(CipherSuite s) => (s.Enc, s.EncBits) switch
        {
            ("None", _) => ENull,
            ("3DES", _) => E3Des,
            ("AES", 128) => Aes128, ("AES", 256) => Aes256,
            ("AESGCM", 128) => Aes128Gcm, ("AESGCM", 256) => Aes256Gcm,
            ("AESCCM", 128) => Aes128Ccm, ("AESCCM", 256) => Aes256Ccm,
            ("AESCCM8", 128) => Aes128Ccm8, ("AESCCM8", 256) => Aes256Ccm8,
            ("Camellia", 128) => Camellia128, ("Camellia", 256) => Camellia256,
            ("ARIAGCM", 128) => Aria128Gcm, ("ARIAGCM", 256) => Aria256Gcm,
            ("CHACHA20/POLY1305", _) => Chacha20Poly1305,
            _ => throw new InvalidDataException($"no OpenSSL encryption '{s.Enc}({s.EncBits})'"),
        };

        private static uint MacBits(string mac) => mac switch
        {
            "MD5" => Md5, "SHA1" => Sha1, "SHA256" => Sha256, "SHA384" => Sha384, "AEAD" => Aead,
            _ => throw new InvalidDataException($"no OpenSSL MAC '{mac}'"),
        };
    }
}
