using System.CommandLine;
using Spectre.Console;
using TlsDoctor.Cli.Json;
using TlsDoctor.Cli.Options;
using TlsDoctor.Cli.Rendering;
using TlsDoctor.Registry;
using TlsDoctor.Registry.OpenSsl;

namespace TlsDoctor.Cli.Commands;

/// <summary>`tlsdoctor ciphers`: list, look up and expand cipher suites (docs/ciphers.md).</summary>
public static class CiphersCommand
{
    public static Command Create()
    {
        var suites = new Argument<string[]>("suites")
        {
            Arity = ArgumentArity.ZeroOrMore,
            Description = "Suites to show, by hex code (0xC02F, C0,2F, c02f), IANA, OpenSSL or GnuTLS name; case-insensitive",
        };
        var protocol = new Option<string?>("--protocol", "-p") { Description = "Only suites usable with this version: SSLv2, SSLv3, TLSv1 (tls1), TLSv1.1 (tls1_1), TLSv1.2, TLSv1.3" };
        var rating = new Option<string?>("--rating", "-r") { Description = "Only these ratings, comma-separated: recommended, secure, weak, insecure" };
        var kx = new Option<string?>("--kx") { Description = "Only this key exchange (OpenSSL's words: ECDH, DH, RSA, PSK, ECDHEPSK, any, …; ECDHE and DHE accepted)" };
        var match = new Option<string?>("--match", "-m") { Description = "Only suites whose code or any name contains this text (case-insensitive)" };
        var openssl = new Option<string?>("--openssl") { Description = "Expand an OpenSSL cipher string (nginx ssl_ciphers, haproxy ciphers) as `openssl ciphers -V` does, in order" };
        var ciphersuites = new Option<string?>("--ciphersuites") { Description = "With --openssl: the TLS 1.3 list (OpenSSL -ciphersuites); default OpenSSL 3.0's" };
        var supported = new Option<bool>("--supported", "-s") { Description = "With --openssl: only the suites the security level lets OpenSSL use (like `openssl ciphers -s`)" };
        var seclevel = NumericOption.OptionalInteger("--seclevel", "With --supported: the OpenSSL security level (default: the string's @SECLEVEL, else 1)", 0, 5);
        var json = new Option<bool>("--json") { Description = "Print a JSON array of suites instead of a table" };

        var command = new Command("ciphers", "List cipher suites with every name and a rating, look suites up, or expand an OpenSSL cipher string");
        command.Arguments.Add(suites);
        foreach (var o in new Option[] { protocol, rating, kx, match, openssl, ciphersuites, supported, seclevel, json }) command.Options.Add(o);

        command.SetAction(parseResult =>
        {
            var names = parseResult.GetValue(suites) ?? [];
            var query = new CipherSuiteQuery(
                ParseProtocol(parseResult.GetValue(protocol)),
                ParseRatings(parseResult.GetValue(rating)),
                ParseKeyExchange(parseResult.GetValue(kx)),
                parseResult.GetValue(match));
            var cipherString = parseResult.GetValue(openssl);
            var tls13 = parseResult.GetValue(ciphersuites);
            var asJson = parseResult.GetValue(json);
            var onlySupported = parseResult.GetValue(supported);
            var level = parseResult.GetValue(seclevel);
            var output = parseResult.InvocationConfiguration.Output;

            if (tls13 is not null && cipherString is null) throw new UsageException("--ciphersuites needs --openssl");
            if (onlySupported && cipherString is null) throw new UsageException("--supported needs --openssl");
            if (level is not null && !onlySupported) throw new UsageException("--seclevel needs --supported");
            if (names.Length > 0 && cipherString is not null) throw new UsageException("give either suite names or --openssl, not both");

            if (names.Length > 0)
            {
                var found = names.Select(Lookup).ToArray();
                if (asJson) output.WriteLine(CliJson.Serialize(found, CliJsonContext.Default.CipherSuiteJsonArray));
                else
                {
                    var console = CreateConsole(output);
                    foreach (var s in found) CipherSuiteRenderer.RenderDetail(console, s);
                }
                return ExitCodes.Ok;
            }

            CipherSuiteJson[] rows;
            string? caption = null;
            if (cipherString is not null)
            {
                var expansion = OpenSslCipherString.Expand(cipherString, tls13);
                if (expansion.Error is { } error) throw new UsageException($"OpenSSL rejects this cipher string: {error}");
                rows = query.Run(onlySupported ? expansion.Supported(level) : expansion.Suites).Select(CipherSuiteJson.From).ToArray();
                var effective = level ?? expansion.SecurityLevel ?? OpenSslExpansion.DefaultSecurityLevel;
                caption = "in OpenSSL 3.0 preference order" + (onlySupported ? $"; usable at security level {effective}" : expansion.SecurityLevel is { } l ? $"; @SECLEVEL={l}" : "");
            }
            else
                rows = query.Run().Select(CipherSuiteJson.From).Concat(query.RunSslv2().Select(CipherSuiteJson.From)).ToArray();

            if (asJson) output.WriteLine(CliJson.Serialize(rows, CliJsonContext.Default.CipherSuiteJsonArray));
            else CipherSuiteRenderer.RenderTable(CreateConsole(output), rows, numbered: cipherString is not null, caption);
            return ExitCodes.Ok;
        });
        return command;
    }

    private static CipherSuiteJson Lookup(string text)
    {
        if (CipherSuites.Find(text) is { } suite) return CipherSuiteJson.From(suite);
        if (Sslv2CipherKinds.Find(text) is { } kind) return CipherSuiteJson.From(kind);
        var t = text.Trim();
        if (Codepoint.TryParse(t, out var code))
            throw new UsageException($"unknown cipher suite {Codepoint.Format(code)}: not in the IANA registry nor among the known non-IANA suites"
                                     + (Grease.IsGrease(code) ? " (it is a GREASE value, RFC 8701)" : ""));
        if (LooksLikeHex(t))
            throw new UsageException($"malformed cipher-suite code '{NumericOption.Shorten(t)}': expected two bytes such as 0xC02F, C0,2F or c02f");
        var closest = NameSuggestions.Closest(t, CipherSuites.AllNames);
        throw new UsageException($"unknown cipher suite '{NumericOption.Shorten(t)}'" + (closest.Count > 0 ? $"; closest known: {string.Join(", ", closest)}" : ""));
    }

    private static bool LooksLikeHex(string t) =>
        t.StartsWith("0x", StringComparison.OrdinalIgnoreCase) || (t.Contains(',') && t.Replace(",", "").Replace("0x", "").All(Uri.IsHexDigit))
        || (t.Length is > 0 and < 8 && t.All(Uri.IsHexDigit) && t.Any(char.IsAsciiDigit));

    private static TlsVersion? ParseProtocol(string? text)
    {
        if (text is null) return null;
        if (TlsVersion.TryParse(text, out var v) && v.Value.IsKnown) return v;
        var known = new[] { "SSLv2", "SSLv3", "TLSv1", "TLSv1.0", "TLSv1.1", "TLSv1.2", "TLSv1.3", "tls1", "tls1_1", "tls1_2", "tls1_3" };
        var closest = NameSuggestions.Closest(text, known);
        throw new UsageException($"unknown protocol '{text}'; expected one of SSLv2, SSLv3, TLSv1 (tls1), TLSv1.1 (tls1_1), TLSv1.2 (tls1_2), TLSv1.3 (tls1_3)"
                                 + (closest.Count > 0 ? $"; closest: {string.Join(", ", closest)}" : ""));
    }

    private static IReadOnlyCollection<Rating>? ParseRatings(string? text)
    {
        if (text is null) return null;
        var ratings = new HashSet<Rating>();
        foreach (var part in text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (!Enum.TryParse<Rating>(part, ignoreCase: true, out var r) || !Enum.IsDefined(r) || part.All(char.IsAsciiDigit))
            {
                var closest = NameSuggestions.Closest(part, Enum.GetNames<Rating>().Select(n => n.ToLowerInvariant()));
                throw new UsageException($"unknown rating '{part}'; expected recommended, secure, weak or insecure"
                                         + (closest.Count > 0 ? $" (closest: {string.Join(", ", closest)})" : ""));
            }
            ratings.Add(r);
        }
        if (ratings.Count == 0) throw new UsageException("--rating needs at least one of recommended, secure, weak, insecure");
        return ratings;
    }

    private static string? ParseKeyExchange(string? text)
    {
        if (text is null) return null;
        if (CipherSuiteQuery.NormalizeKeyExchange(text) is { } kx) return kx;
        var closest = NameSuggestions.Closest(text, CipherSuiteQuery.KeyExchanges.Concat(["ECDHE", "DHE"]));
        throw new UsageException($"unknown key exchange '{text}'; known: {string.Join(", ", CipherSuiteQuery.KeyExchanges)}"
                                 + (closest.Count > 0 ? $" (closest: {string.Join(", ", closest)})" : ""));
    }

    /// <summary>Plain text wide enough not to wrap when redirected or captured.</summary>
    private static IAnsiConsole CreateConsole(TextWriter output) => ConsoleFactory.For(output, redirectedWidth: 250);
}
