using System.CommandLine;
using Spectre.Console;
using TlsDoctor.Capture;
using TlsDoctor.Cli.Json;
using TlsDoctor.Cli.Options;
using TlsDoctor.Cli.Rendering;
using TlsDoctor.Clients;
using TlsDoctor.Diagnosis;
using TlsDoctor.Negotiation;
using TlsDoctor.Registry;
using TlsDoctor.Scanning;
using TlsDoctor.Wire;

namespace TlsDoctor.Cli.Commands;

/// <summary>
/// `tlsdoctor diagnose TARGET`: scan the endpoint, identify its policy, try each client against it (simulated and for
/// real), explain each failure, and recommend the most secure policy that admits the clients.
/// </summary>
public static class DiagnoseCommand
{
    public static Command Create()
    {
        var target = new Argument<string>("target") { Description = "HOST[:PORT] of the TLS endpoint (default port 443)." };
        var client = new Option<string[]>("--client", "-c") { Description = "Client profile(s) to diagnose (see 'tlsdoctor clients list'); default: the catalog's common clients.", AllowMultipleArgumentsPerToken = true };
        var hello = new Option<string?>("--client-hello") { Description = "A ClientHello in hex (handshake message or TLS record), e.g. from a packet capture." };
        var capture = new Option<string?>("--capture") { Description = "Diagnose the clients recorded by 'tlsdoctor capture' in this database (one per JA4)." };
        var policy = new Option<string?>("--policy", "-p") { Description = "Skip the scan: the endpoint is known to enforce this policy." };
        var loadBalancer = new Option<string>("--lb") { Description = "ALB, NLB or CLB: the policies to recommend among (default ALB).", DefaultValueFactory = _ => "ALB" };
        loadBalancer.AcceptOnlyFromAmong("ALB", "NLB", "CLB", "alb", "nlb", "clb");
        var certType = new Option<string>("--cert-type") { Description = "With --policy: the endpoint's certificate type, rsa, ecdsa or both (default rsa).", DefaultValueFactory = _ => "rsa" };
        certType.AcceptOnlyFromAmong("rsa", "ecdsa", "both");
        var timeout = NumericOption.Seconds("--timeout", "Seconds per connection", 5, 600);
        var json = new Option<bool>("--json") { Description = "One JSON document on stdout (shape in docs/serve.md)." };
        var partialOk = new Option<bool>("--partial-ok") { Description = "Exit as for a complete scan when the endpoint stopped answering partway (no exact policy match is claimed from it)." };
        var html = new Option<string?>("--html") { Description = "Also write the HTML report of the diagnosis to FILE (docs/report.md)." };

        var command = new Command("diagnose", "Why clients cannot negotiate with an endpoint, and which policy fixes it: scan, identify, simulate, explain, recommend.");
        command.Arguments.Add(target);
        foreach (var o in new Option[] { client, hello, capture, policy, loadBalancer, certType, timeout, json, html, partialOk }) command.Options.Add(o);
        command.SetAction(async (parse, ct) =>
        {
            var stdout = parse.InvocationConfiguration.Output ?? Terminal.Stdout;
            var stderr = parse.InvocationConfiguration.Error ?? Terminal.Stderr;
            if (!ScanTarget.TryParse(parse.GetValue(target)!, out var endpoint, out var targetError)) throw new UsageException(targetError);
            var clients = ResolveClients(parse.GetValue(client) ?? [], parse.GetValue(hello), parse.GetValue(capture));
            var assumed = parse.GetValue(policy) is { } name ? PoliciesCommand.Resolve(name, parse.GetValue(loadBalancer)!.ToUpperInvariant()) : null;
            var seconds = parse.GetValue(timeout);
            var request = new DiagnosisRequest
            {
                Host = endpoint.Host,
                Port = endpoint.Port,
                ServerName = endpoint.Sni,
                Clients = clients,
                LoadBalancer = parse.GetValue(loadBalancer)!.ToUpperInvariant(),
                AssumedPolicy = assumed,
                Certificates = CertificateKinds(parse.GetValue(certType)!),
                Timeout = TimeSpan.FromSeconds(seconds),
            };
            var progress = new Progress<string>(m => stderr.WriteLine($"… {m}"));
            var outcome = await new Diagnoser(new ScanSurvey()).DiagnoseAsync(request, progress, ct);
            if (parse.GetValue(html) is { } htmlPath && outcome.Report is { } diagnosis)
                stderr.WriteLine(ReportCommand.WriteHtml(diagnosis, request.LoadBalancer, htmlPath));
            return Render(outcome, endpoint.ToString(), parse.GetValue(json), stdout, stderr, parse.GetValue(partialOk));
        });
        return command;
    }

    internal static int Render(DiagnosisOutcome outcome, string target, bool json, TextWriter stdout, TextWriter stderr, bool partialOk = false)
    {
        if (outcome.Report is not { } report)
        {
            FailureRenderer.Render("diagnose", target, outcome.Cause, outcome.Failure ?? "diagnosis failed", json, stdout, stderr);
            return outcome.Cause is ProbeFailure.InternalError ? ExitCodes.Internal : ExitCodes.Network;
        }
        if (json) stdout.WriteLine(CliJson.Serialize(ToJson(report), CliJsonContext.Default.DiagnosisJson));
        else new DiagnosisRenderer(CreateConsole(stdout)).Render(report);
        // An incomplete scan (the endpoint stopped answering partway) is a network failure unless partial results were asked for.
        if (report.Observation?.Incomplete is not null && !partialOk) return ExitCodes.Network;
        return report.FailureCount > 0 ? ExitCodes.Findings : ExitCodes.Ok;
    }

    // Diagnosis tables are read at 120 columns when redirected: the explanations wrap there rather than run on.
    internal static IAnsiConsole CreateConsole(TextWriter stdout) => ConsoleFactory.For(stdout, redirectedWidth: 120);

    internal static IReadOnlyCollection<CertificateKind> CertificateKinds(string type) => type switch
    {
        "ecdsa" => [CertificateKind.Ecdsa],
        "both" => [CertificateKind.Rsa, CertificateKind.Ecdsa],
        _ => [CertificateKind.Rsa],
    };

    private static IReadOnlyList<ClientOffer> ResolveClients(string[] names, string? hex, string? capture)
    {
        var offers = new List<ClientOffer>();
        offers.AddRange(Options.ClientOptions.Profiles(names));
        if (hex is not null) offers.Add(Options.ClientOptions.ParseHello(hex));
        if (capture is not null)
        {
            // One client per JA4 fingerprint, most frequent first.
            using var store = CaptureCommand.OpenExisting(capture);
            var captured = store.LoadClients();
            if (captured.Count == 0) throw new UsageException($"no decodable ClientHello in {capture}");
            offers.AddRange(captured.Take(50));
        }
        return offers.Count > 0 ? offers : ClientProfiles.Common.Select(p => p.Offer).ToList();
    }

    internal static DiagnosisJson ToJson(DiagnosisReport r) => new(
        r.Target, r.Address, r.Policy!.Name, r.PolicySource.ToString().ToLowerInvariant(),
        r.Matches.Where(m => m.Exact).Select(m => m.Name).ToList(),
        r.Certificates.Select(c => c.ToString().ToLowerInvariant()).ToList(),
        r.Clients.Select(c => new DiagnosisClientJson(
            c.Client,
            c.Fails ? "refused" : "agreed",
            c.Live.Version?.Name ?? (c.Predicted as NegotiationOutcome.Agreed)?.Version.Name,
            (c.Live.Suite ?? (c.Predicted as NegotiationOutcome.Agreed)?.Suite) is { } s ? new CodeName(Codepoint.Format(s), CipherSuites.Describe(s)) : null,
            (c.Predicted as NegotiationOutcome.Refused)?.Reason.Code(),
            (c.Predicted as NegotiationOutcome.Refused)?.Explanation,
            Diagnoser.Describe(c.Live),
            c.PredictionConfirmed,
            c.Fix?.Policy?.Name)).ToList(),
        r.Recommendation is { } rec ? new DiagnosisFixJson(rec.LoadBalancer, rec.Policy?.Name, rec.Why, rec.Commands) : null,
        r.Notes);
}
