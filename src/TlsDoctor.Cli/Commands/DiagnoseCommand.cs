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
        var target = new Argument<string?>("target") { Description = "HOST[:PORT] of the TLS endpoint (default port 443); with --listener, the address to scan instead of the load balancer's DNS name.", Arity = ArgumentArity.ZeroOrOne };
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
        var listener = new Option<string?>("--listener") { Description = "Diagnose this AWS listener (ARN, or LOAD_BALANCER_NAME:PORT): its policy and certificate type from AWS, its DNS name scanned to check them (docs/aws.md)." };
        var noScan = new Option<bool>("--no-scan") { Description = "With --listener: send nothing to the endpoint; simulate the clients against the AWS policy only." };
        var logs = new Option<string[]>("--logs")
        {
            Description = "ALB/NLB/CLB log files, folders or s3:// locations: what the recommended policy would refuse among the clients they show (logs what-if).",
            AllowMultipleArgumentsPerToken = true,
        };
        var aws = new AwsOptions();

        var command = new Command("diagnose", "Why clients cannot negotiate with an endpoint, and which policy fixes it: scan, identify, simulate, explain, recommend.");
        command.Arguments.Add(target);
        foreach (var o in new Option[] { client, hello, capture, policy, loadBalancer, certType, timeout, json, html, partialOk, listener, noScan, logs }) command.Options.Add(o);
        aws.Connection.AddTo(command);
        command.Options.Add(aws.FromFile);
        command.Options.Add(aws.Verbose);
        command.SetAction(async (parse, ct) =>
        {
            var stdout = parse.InvocationConfiguration.Output ?? Terminal.Stdout;
            var stderr = parse.InvocationConfiguration.Error ?? Terminal.Stderr;
            var targetText = parse.GetValue(target);
            var listenerId = parse.GetValue(listener);
            if (targetText is null && listenerId is null) throw new UsageException("diagnose needs a TARGET (HOST[:PORT]) or --listener ARN|LOAD_BALANCER_NAME:PORT");
            if (listenerId is null && parse.GetValue(noScan)) throw new UsageException("--no-scan goes with --listener (to skip the scan of a TARGET, state its policy with --policy)");
            if (listenerId is not null && parse.GetValue(policy) is not null) throw new UsageException("--listener takes the policy from AWS: give --listener or --policy, not both");
            ScanTarget? endpoint = null;
            if (targetText is not null)
            {
                if (!ScanTarget.TryParse(targetText, out var parsed, out var targetError)) throw new UsageException(targetError);
                endpoint = parsed;
            }
            var clients = ResolveClients(parse.GetValue(client) ?? [], parse.GetValue(hello), parse.GetValue(capture));
            var assumed = parse.GetValue(policy) is { } name ? PoliciesCommand.Resolve(name, parse.GetValue(loadBalancer)!.ToUpperInvariant()) : null;
            var seconds = parse.GetValue(timeout);
            var (logSources, logsFailed) = aws.Connection.ResolveLogs(parse, parse.GetValue(logs) ?? []);
            if (logsFailed is { } logsExit) return logsExit;
            // With --listener the certificate type comes from ACM or the scan unless --cert-type says it.
            var certificateGiven = parse.GetResult(certType) is { Implicit: false };
            var request = new DiagnosisRequest
            {
                Host = endpoint?.Host ?? "",
                Port = endpoint?.Port ?? 0,
                ServerName = endpoint?.Sni,
                Clients = clients,
                LoadBalancer = parse.GetValue(loadBalancer)!.ToUpperInvariant(),
                AssumedPolicy = assumed,
                Certificates = listenerId is null || certificateGiven ? Options.ServerOptions.ParseCertificate(parse.GetValue(certType)) : null,
                Timeout = TimeSpan.FromSeconds(seconds),
                Scan = !parse.GetValue(noScan),
                Logs = logSources,
            };
            var progress = new DiagnoseProgress(stderr);
            var diagnoser = new Diagnoser(new ScanSurvey());
            DiagnosisOutcome outcome;
            if (listenerId is not null)
            {
                var (source, awsClient, awsError) = aws.OpenSource(parse);
                using var _ = awsClient;
                if (source is null) return AwsOptions.Fail(parse, awsError!);
                var found = await ListenerDiagnosis.DiagnoseAsync(source, awsClient, listenerId, request, diagnoser, progress, ct);
                if (!found.IsSuccess) return AwsOptions.Fail(parse, found.Error!);
                outcome = found.Value!;
                request = request with { LoadBalancer = outcome.Report?.Listener?.CatalogType ?? request.LoadBalancer };
            }
            else outcome = await diagnoser.DiagnoseAsync(request, progress, ct);
            if (parse.GetValue(html) is { } htmlPath && outcome.Report is { } diagnosis)
                stderr.WriteLine(ReportCommand.WriteHtml(diagnosis, request.LoadBalancer, htmlPath));
            return Render(outcome, endpoint?.ToString() ?? listenerId!, parse.GetValue(json), stdout, stderr, parse.GetValue(partialOk));
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
        r.Notes)
    {
        Listener = r.Listener?.Id,
        ScanAgreesWithPolicy = r.ScanVersusPolicy?.Exact,
        ScanDifferences = r.ScanVersusPolicy is { } m ? [.. m.Missing.Select(x => "-" + x), .. m.Extra.Select(x => "+" + x)] : null,
        Logs = r.Logs is { } logs ? LogsJson.From(logs) : null,
    };
}
