using System.CommandLine;
using TlsDoctor.Cli.Json;
using TlsDoctor.Cli.Options;
using TlsDoctor.Cli.Rendering;
using TlsDoctor.Policies;
using TlsDoctor.Registry;
using TlsDoctor.Scanning;

namespace TlsDoctor.Cli.Commands;

/// <summary>`tlsdoctor probe TARGET --protocol tls1.1 --cipher X --group Y`: one handshake, what the server chose or how it refused.</summary>
public static class ProbeCommand
{
    public static Command Create()
    {
        var target = new Argument<string>("target") { Description = "host, host:port, [v6addr]:port or https://host[:port]/path (default port 443)" };
        var protocol = new Option<string?>("--protocol", "-p") { Description = "ssl2, ssl3, tls1.0, tls1.1, tls1.2 or tls1.3 (default: TLS 1.3 down to 1.0)" };
        var cipher = new Option<string[]>("--cipher", "-c") { Description = "Cipher suites to offer (IANA or OpenSSL names, or 0xC02F), in order; default: every registered suite", AllowMultipleArgumentsPerToken = true };
        var group = new Option<string[]>("--group", "-g") { Description = "Groups to offer (x25519, secp256r1, X25519MLKEM768, …), in order; the first gets the key share", AllowMultipleArgumentsPerToken = true };
        var sigalg = new Option<string[]>("--sigalg") { Description = "Signature algorithms to offer (rsa_pss_rsae_sha256, ecdsa_secp256r1_sha256, …)", AllowMultipleArgumentsPerToken = true };
        var alpn = new Option<string[]>("--alpn") { Description = "ALPN protocols to offer (h2, http/1.1)", AllowMultipleArgumentsPerToken = true };
        var sni = new Option<string?>("--sni") { Description = "server_name to send (default: the host name; none for IP addresses)" };
        var noSni = new Option<bool>("--no-sni") { Description = "Send no server_name" };
        var timeout = NumericOption.Seconds("--timeout", "Seconds to wait for the answer", 5, 600);
        var connectTimeout = NumericOption.OptionalSeconds("--connect-timeout", "Seconds to wait for the TCP connection (default: --timeout)", 600);
        var json = new Option<bool>("--json") { Description = "JSON output" };

        var command = new Command("probe", "One handshake, like openssl s_client: the negotiated protocol, suite, group and certificate, or the exact alert or failure");
        command.Arguments.Add(target);
        foreach (var o in new Option[] { protocol, cipher, group, sigalg, alpn, sni, noSni, timeout, connectTimeout, json }) command.Options.Add(o);

        command.SetAction(async (parse, ct) =>
        {
            var output = parse.InvocationConfiguration.Output;
            var targets = ScanCommand.ReadTargets([parse.GetValue(target)!], null, parse.GetValue(sni), parse.GetValue(noSni));
            TlsVersion? version = null;
            if (parse.GetValue(protocol) is { } p)
                version = TlsVersion.TryParse(p, out var v) && v.Value.IsKnown ? v : throw new UsageException($"unknown protocol '{p}'; use ssl2, ssl3, tls1.0, tls1.1, tls1.2 or tls1.3");
            var suites = Lookup(parse.GetValue(cipher), "cipher suite", n => CipherSuites.Find(n)?.Code, CipherSuites.AllNames);
            var groups = Lookup(parse.GetValue(group), "group", n => Groups.Find(n)?.Code, Groups.AllNames);
            var sigalgs = Lookup(parse.GetValue(sigalg), "signature algorithm", n => SignatureSchemes.Find(n)?.Code, SignatureSchemes.AllNames);
            var seconds = parse.GetValue(timeout);
            var connectSeconds = parse.GetValue(connectTimeout) ?? seconds;

            var offer = SingleProbe.DefaultOffer(version, targets[0].Sni, suites, groups);
            if (sigalgs is not null) offer = offer with { SignatureAlgorithms = sigalgs };
            if (parse.GetValue(alpn) is { Length: > 0 } protocols) offer = offer with { Alpn = protocols };
            var report = await SingleProbe.RunAsync(targets[0], offer, StageTimeouts.Uniform(TimeSpan.FromSeconds(seconds), TimeSpan.FromSeconds(connectSeconds)), ct);

            if (parse.GetValue(json)) output.WriteLine(CliJson.Serialize(ProbeRenderer.ToDocument(report), CliJsonContext.Default.ProbeDocument));
            else ProbeRenderer.Render(ConsoleFactory.For(output), report);
            return ExitFor(report);
        });
        return command;
    }

    /// <summary>0: the server chose parameters; 1: it refused with an alert or broke the protocol; 3: unreachable or not TLS.</summary>
    public static int ExitFor(ProbeReport report) => report.Outcome switch
    {
        { Answer: not null } => ExitCodes.Ok,
        { Failure: ProbeFailure.Alert or ProbeFailure.ProtocolViolation } => ExitCodes.Findings,
        _ => ExitCodes.Network,
    };

    private static IReadOnlyList<ushort>? Lookup(string[]? names, string what, Func<string, ushort?> find, IEnumerable<string> known)
    {
        if (names is null || names.Length == 0) return null;
        var list = new List<ushort>();
        foreach (var raw in names.SelectMany(n => n.Split([',', ':'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)))
        {
            if (find(raw) is { } code) { list.Add(code); continue; }
            var close = NameSuggestions.Closest(raw, known, 3);
            throw new UsageException($"unknown {what} '{raw}'" + (close.Count > 0 ? $"; did you mean {string.Join(", ", close)}?" : ""));
        }
        return list;
    }
}
