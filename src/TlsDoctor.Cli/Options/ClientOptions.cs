using System.CommandLine;
using TlsDoctor.Clients;
using TlsDoctor.Io;
using TlsDoctor.Negotiation;
using TlsDoctor.Policies;
using TlsDoctor.Registry;
using TlsDoctor.Wire;

namespace TlsDoctor.Cli.Options;

/// <summary>
/// The client options every command that needs a client shares (simulate, recommend, diagnose, capture):
/// <c>--client PROFILE</c> and <c>--client-hello HEX|FILE</c> (both repeatable), or one inline client from
/// <c>--protocols</c>, <c>--ciphers</c>, <c>--groups</c>, <c>--sigalgs</c>. <see cref="Resolve"/> turns them into
/// <see cref="ClientOffer"/>s in the order given, or throws <see cref="UsageException"/> with the closest known names.
/// </summary>
public sealed class ClientOptions
{
    public Option<string[]> Client { get; } = new("--client", "-c")
    {
        Description = "Client profiles by id or name (see 'tlsdoctor clients list'); repeatable, or comma-separated",
        AllowMultipleArgumentsPerToken = false,
    };

    public Option<string[]> ClientHello { get; } = new("--client-hello")
    {
        Description = "A captured ClientHello as hex (record, handshake message or body) or a file holding the hex or raw bytes; repeatable",
    };

    public Option<string?> Protocols { get; } = new("--protocols") { Description = "Inline client: protocol versions, comma-separated (TLSv1.0,TLSv1.2,TLSv1.3)" };
    public Option<string?> Ciphers { get; } = new("--ciphers") { Description = "Inline client: cipher suites in order, comma-separated: IANA, OpenSSL or GnuTLS names, or hex (0xC02F)" };
    public Option<string?> Groups { get; } = new("--groups") { Description = "Inline client: groups in order (default x25519,secp256r1,secp384r1)" };
    public Option<string?> Sigalgs { get; } = new("--sigalgs") { Description = "Inline client: signature schemes in order, IANA names, RSA+SHA256 pairs or hex (default: a common modern set)" };

    public void AddTo(Command command)
    {
        foreach (var o in new Option[] { Client, ClientHello, Protocols, Ciphers, Groups, Sigalgs }) command.Options.Add(o);
    }

    /// <summary>True when any client option was given.</summary>
    public bool IsGiven(ParseResult parse) =>
        (parse.GetValue(Client)?.Length ?? 0) > 0 || (parse.GetValue(ClientHello)?.Length ?? 0) > 0
        || parse.GetValue(Protocols) is not null || parse.GetValue(Ciphers) is not null
        || parse.GetValue(Groups) is not null || parse.GetValue(Sigalgs) is not null;

    /// <summary>Every client the options name, in the order: profiles, hellos, inline.</summary>
    public IReadOnlyList<ClientOffer> Resolve(ParseResult parse)
    {
        var offers = new List<ClientOffer>();
        offers.AddRange(Profiles(parse.GetValue(Client) ?? []));
        foreach (var hello in parse.GetValue(ClientHello) ?? []) offers.Add(ParseHello(hello));

        var protocols = parse.GetValue(Protocols);
        var ciphers = parse.GetValue(Ciphers);
        var groups = parse.GetValue(Groups);
        var sigalgs = parse.GetValue(Sigalgs);
        if (protocols is not null || ciphers is not null || groups is not null || sigalgs is not null)
        {
            if (protocols is null || ciphers is null)
                throw new UsageException("an inline client needs both --protocols and --ciphers (--groups and --sigalgs are optional)");
            var versions = Split(protocols).Select(p => TlsVersion.TryParse(p, out var v) && v.Value.IsKnown
                ? v.Value : throw new UsageException($"unknown protocol version '{p}' (SSLv2, SSLv3, TLSv1.0, TLSv1.1, TLSv1.2, TLSv1.3)")).Distinct().ToArray();
            var suites = Split(ciphers).Select(c => CipherSuites.Find(c)?.Code ?? throw Unknown("cipher suite", c, CipherSuites.AllNames)).ToArray();
            var groupCodes = groups is null ? null : Split(groups).Select(g => Registry.Groups.Find(g)?.Code ?? throw Unknown("group", g, Registry.Groups.AllNames)).ToArray();
            var schemeCodes = sigalgs is null ? null : Split(sigalgs).Select(s => SignatureSchemes.Find(s)?.Code ?? throw Unknown("signature scheme", s, SignatureSchemes.AllNames)).ToArray();
            offers.Add(InlineClientOffer.Create($"inline client ({string.Join(",", versions.Select(v => v.Name))})", versions, suites, groupCodes, schemeCodes));
        }
        return offers;
    }

    /// <summary>Client profiles by id or name; each value may be a comma-separated list ("java-7u25,ie-11-win7").</summary>
    public static IEnumerable<ClientOffer> Profiles(IEnumerable<string> values)
    {
        foreach (var name in values.SelectMany(v => v.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)))
        {
            var lookup = ClientProfiles.Find(name);
            if (!lookup.IsSuccess) throw new UsageException(lookup.ErrorMessage);
            yield return lookup.Profile.Offer;
        }
    }

    /// <summary>A list as users write it: commas, spaces or colons (OpenSSL style) between names.</summary>
    internal static string[] Split(string list) =>
        list.Split([',', ' ', ':'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    /// <summary>An unknown name, with the closest known ones.</summary>
    internal static UsageException Unknown(string what, string name, IEnumerable<string> known)
    {
        var close = NameSuggestions.Closest(name, known, 5);
        return new UsageException(close.Count == 0 ? $"unknown {what} '{name}'" : $"unknown {what} '{name}'; closest: {string.Join(", ", close)}");
    }

    /// <summary>A ClientHello from hex text or a file (hex text or raw bytes): a record, a handshake message or a bare body.</summary>
    internal static ClientOffer ParseHello(string input)
    {
        byte[] bytes;
        string name;
        if (File.Exists(input) || Directory.Exists(input))
        {
            var raw = UserInput.ReadBytes(input, InputKind.Hello);
            var text = System.Text.Encoding.ASCII.GetString(raw);
            bytes = TryHex(text) ?? raw;
            name = $"ClientHello ({Path.GetFileName(input)})";
        }
        else
        {
            bytes = TryHex(input) ?? throw new UsageException(
                input.Length > 0 && (input.Contains('/') || input.Contains('.'))
                    ? $"--client-hello: no such file '{input}'"
                    : "--client-hello: not hex and not a file");
            name = "ClientHello (hex)";
        }
        if (bytes.Length == 0) throw new UsageException("--client-hello: empty input");

        var decoded = HelloDecoder.DecodeClientHello(bytes);
        if (!decoded.IsSuccess) throw new UsageException($"--client-hello: {decoded.Error}");
        if (decoded.Value.Sslv2ClientHello is not null)
            throw new UsageException("--client-hello: an SSL 2.0-compatible ClientHello; give the client with --protocols/--ciphers instead");
        if (decoded.Value.ClientHello is not { } hello)
            throw new UsageException($"--client-hello: a {decoded.Value.Type}, not a ClientHello");
        return hello.ToClientOffer(name);
    }

    private static byte[]? TryHex(string text) => HexInput.TryParse(text, out var bytes, out _) ? bytes : null;
}
