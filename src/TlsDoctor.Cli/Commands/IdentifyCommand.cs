using System.CommandLine;
using TlsDoctor.Cli.Json;
using TlsDoctor.Cli.Options;
using TlsDoctor.Cli.Rendering;
using TlsDoctor.Negotiation;
using TlsDoctor.Policies;
using TlsDoctor.Registry;
using TlsDoctor.Scanning;

namespace TlsDoctor.Cli.Commands;

/// <summary>`tlsdoctor identify`: which catalog policies an endpoint's observed behaviour matches (docs/simulate.md).</summary>
public static class IdentifyCommand
{
    public static Command Create()
    {
        var positional = new Argument<string?>("target") { Arity = ArgumentArity.ZeroOrOne, Description = "HOST[:PORT] to scan and identify (as for scan, probe and diagnose)" };
        var target = new Option<string?>("--target", "-t") { Description = "Scan HOST:PORT and identify its policy (same as the positional target)" };
        var protocols = new Option<string?>("--protocols") { Description = "Observed: accepted protocol versions, comma-separated" };
        var ciphers = new Option<string?>("--ciphers") { Description = "Observed: accepted cipher suites in the order the server preferred them, comma-separated" };
        var groups = new Option<string?>("--groups") { Description = "Observed: accepted groups, comma-separated (omit when not probed)" };
        var serverOrder = new Option<bool?>("--server-order") { Description = "Observed: true when the server enforced its own suite order, false when the client's won" };
        var certificate = ServerOptions.Certificate("The certificate type(s) the endpoint presented: rsa, ecdsa or both");
        var provider = new Option<string?>("--provider") { Description = "Only compare with this provider's policies (aws, cloudfront, gcp, azure, mozilla, …)" };
        var timeout = NumericOption.Seconds("--timeout", "With --target: seconds to wait for each answer", 5, 600);
        var json = new Option<bool>("--json") { Description = "JSON output: {\"policyMatches\":[…]}" };
        var partialOk = new Option<bool>("--partial-ok") { Description = "With --target: exit as for a complete scan when the server stopped answering partway (no exact match is claimed from it)" };

        var command = new Command("identify", "Which catalog policies an endpoint matches exactly (an equivalence class), else the nearest with the difference");
        command.Arguments.Add(positional);
        foreach (var o in new Option[] { target, protocols, ciphers, groups, serverOrder, certificate, provider, timeout, json, partialOk }) command.Options.Add(o);

        command.SetAction(async (parse, ct) =>
        {
            var output = parse.InvocationConfiguration.Output;
            var providerName = parse.GetValue(provider);
            if (providerName is not null && !PolicyCatalog.Providers.Contains(providerName, StringComparer.OrdinalIgnoreCase))
                throw new UsageException($"unknown provider '{providerName}' ({string.Join(", ", PolicyCatalog.Providers)})");
            ServerObservation observation;
            if (parse.GetValue(positional) is not null && parse.GetValue(target) is not null)
                throw new UsageException("give the target once: as an argument or with --target");
            if ((parse.GetValue(positional) ?? parse.GetValue(target)) is { } host)
            {
                if (parse.GetValue(protocols) is not null || parse.GetValue(ciphers) is not null)
                    throw new UsageException("give either --target or the observed --protocols/--ciphers, not both");
                if (!ScanTarget.TryParse(host, out var scanTarget, out var message)) throw new UsageException(message);
                var seconds = parse.GetValue(timeout);
                var options = new ScanOptions { Timeouts = StageTimeouts.Uniform(TimeSpan.FromSeconds(seconds), TimeSpan.FromSeconds(seconds)) };
                ScanResult? scan = null;
                await foreach (var r in new ScanEngine(options).ScanAsync([scanTarget], null, ct)) scan = r;
                if (scan is null || scan.Failure is not null)
                {
                    FailureRenderer.Render("identify", scanTarget.ToString(), scan?.Failure, $"cannot scan {scanTarget}: {scan?.Failure?.Message ?? "no result"}",
                        parse.GetValue(json), output, parse.InvocationConfiguration.Error);
                    return scan?.Failure is ProbeFailure.InternalError ? ExitCodes.Internal : ExitCodes.Network;
                }
                if (ScanObservation.From(scan) is not { } observed)
                {
                    FailureRenderer.Render("identify", scanTarget.ToString(), null, $"{scanTarget} accepted no TLS version", parse.GetValue(json), output, parse.InvocationConfiguration.Error);
                    return ExitCodes.Findings;
                }
                observation = observed;
                if (observed.Incomplete is { } why) parse.InvocationConfiguration.Error.WriteLine($"warning: the scan of {scanTarget} is incomplete ({why}); no exact match is claimed from it");
            }
            else observation = Observed(parse.GetValue(protocols), parse.GetValue(ciphers), parse.GetValue(groups), parse.GetValue(serverOrder),
                ServerOptions.ParseCertificate(parse.GetValue(certificate)));

            var catalog = PolicyCatalog.Query(new PolicyFilter { Provider = providerName });
            var matches = PolicyIdentifier.Identify(observation, catalog);
            if (parse.GetValue(json))
                output.WriteLine(CliJson.Serialize(new NegotiationJson.Identification(matches), CliJsonContext.Default.NegotiationJsonIdentification));
            else IdentifyRenderer.Render(ConsoleFactory.For(output), matches);
            if (observation.Incomplete is not null && !parse.GetValue(partialOk)) return ExitCodes.Network;
            return matches.Any(m => m.Exact) ? ExitCodes.Ok : ExitCodes.Findings;
        });
        return command;
    }

    private static ServerObservation Observed(string? protocols, string? ciphers, string? groups, bool? serverOrder, IReadOnlyCollection<CertificateKind> certificates)
    {
        if (protocols is null || ciphers is null) throw new UsageException("identify needs --target HOST:PORT, or the observed --protocols and --ciphers");
        return new ServerObservation
        {
            Versions = ClientOptions.Split(protocols).Select(p => TlsVersion.TryParse(p, out var v) && v.Value.IsKnown ? v.Value : throw new UsageException($"unknown protocol version '{p}'")).ToList(),
            CipherSuites = ClientOptions.Split(ciphers).Select(c => CipherSuites.Find(c)?.Code ?? throw ClientOptions.Unknown("cipher suite", c, CipherSuites.AllNames)).ToList(),
            Groups = groups is null ? null : ClientOptions.Split(groups).Select(g => Groups.Find(g)?.Code ?? throw ClientOptions.Unknown("group", g, Groups.AllNames)).ToList(),
            ServerOrder = serverOrder,
            Certificates = certificates,
        };
    }
}
