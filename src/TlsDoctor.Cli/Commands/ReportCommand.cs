using System.CommandLine;
using System.Text.Json;
using TlsDoctor.Cli.Json;
using TlsDoctor.Cli.Options;
using TlsDoctor.Aws;
using TlsDoctor.Clients;
using TlsDoctor.Diagnosis;
using TlsDoctor.Io;
using TlsDoctor.Logs;
using TlsDoctor.Registry;
using TlsDoctor.Negotiation;
using TlsDoctor.Reports;
using TlsDoctor.Scanning;

namespace TlsDoctor.Cli.Commands;

/// <summary>
/// `tlsdoctor report`: one self-contained HTML (or Markdown) file with the diagnosis of an endpoint, scanned now or
/// read from `scan --json`: summary, compatibility grid, policy diff, scan (docs/report.md).
/// </summary>
public static class ReportCommand
{
    public static Command Create()
    {
        var target = new Option<string?>("--target", "-t") { Description = "Scan HOST[:PORT] now (default port 443) and send each client's hello" };
        var scan = new Option<string?>("--scan") { Description = "Read a scan saved with 'tlsdoctor scan --json' instead (no network)" };
        var clients = new ClientOptions();
        var policy = new Option<string[]>("--policy", "-p") { Description = "Also a grid column for this policy (name or file); repeatable" };
        var allPolicies = new Option<bool>("--all-policies") { Description = "A grid column for every AWS policy of the load-balancer type" };
        var loadBalancer = new Option<string>("--lb") { Description = "ALB, NLB or CLB: the policies to identify and recommend among (default ALB)", DefaultValueFactory = _ => "ALB" };
        loadBalancer.AcceptOnlyFromAmong("ALB", "NLB", "CLB", "alb", "nlb", "clb");
        var output = new Option<string>("--output", "-o") { Description = "The file to write (report.html, report.md)", Required = true };
        var format = new Option<string?>("--format") { Description = "html or md (default: from the file name, else html)" };
        format.AcceptOnlyFromAmong("html", "md");
        var logs = new Option<string[]>("--logs")
        {
            Description = "ALB/NLB/CLB log files, folders or s3:// locations: failures by hour, protocol and suite shares, and what the recommended policy would refuse",
            AllowMultipleArgumentsPerToken = true,
        };
        var listener = new Option<string?>("--listener") { Description = "The current policy is this AWS listener's (ARN, or LOAD_BALANCER_NAME:PORT) instead of identifying it from a scan" };
        var aws = new AwsOptions();
        var timeout = NumericOption.Seconds("--timeout", "With --target: seconds to wait for each answer", 5, 600);

        var command = new Command("report", "Write a self-contained HTML or Markdown report: summary, clients × policies grid, policy diff and scan of an endpoint");
        foreach (var o in new Option[] { target, scan }) command.Options.Add(o);
        clients.AddTo(command);
        foreach (var o in new Option[] { policy, allPolicies, loadBalancer, output, format, logs, listener, aws.Profile, aws.Region, aws.EndpointUrl, aws.FromFile, aws.Verbose, timeout })
            command.Options.Add(o);

        command.SetAction(async (parse, ct) =>
        {
            var stdout = parse.InvocationConfiguration.Output;
            var stderr = parse.InvocationConfiguration.Error;
            var lb = parse.GetValue(loadBalancer)!.ToUpperInvariant();
            var path = parse.GetValue(output)!;
            var reportFormat = Format(parse.GetValue(format), path);
            var extra = (parse.GetValue(policy) ?? []).Select(p => PoliciesCommand.Resolve(p, lb)).ToList();
            var offers = Clients(clients.Resolve(parse));
            var seconds = parse.GetValue(timeout);
            var targetText = parse.GetValue(target);
            var scanFile = parse.GetValue(scan);
            if ((targetText is null) == (scanFile is null)) throw new UsageException("report needs --target HOST[:PORT] or --scan FILE.json (one of them)");
            var (logSources, logsFailed) = aws.Connection.ResolveLogs(parse, parse.GetValue(logs) ?? []);
            if (logsFailed is { } logsExit) return logsExit;
            AwsTlsListener? fromAws = null;
            if (parse.GetValue(listener) is { } listenerId)
            {
                var (source, _, awsError) = aws.OpenSource(parse);
                if (source is null) return AwsOptions.Fail(parse, awsError!);
                var found = await AwsInventory.FindAsync(source, listenerId, ct);
                if (!found.IsSuccess) return AwsOptions.Fail(parse, found.Error!);
                fromAws = found.Value!;
                if (fromAws.Policy is null)
                    throw new UsageException($"listener {fromAws.Id} has no security policy whose contents are known ({(fromAws.IsTls ? fromAws.PolicyName ?? "none" : fromAws.Protocol + " is not TLS")})");
                lb = fromAws.CatalogType;
            }

            DiagnosisOutcome outcome;
            if (scanFile is not null)
            {
                var saved = ReadScan(scanFile);
                outcome = await FromScanAsync(saved, offers, lb, ct, fromAws?.Policy);
                // A policy told by AWS skips identification; the scan is still the report's to show.
                if (fromAws is not null && outcome.Report is { } told) outcome = outcome with { Report = told with { Scan = saved } };
            }
            else
            {
                if (!ScanTarget.TryParse(targetText!, out var endpoint, out var message)) throw new UsageException(message);
                var options = new ScanOptions { Timeouts = StageTimeouts.Uniform(TimeSpan.FromSeconds(seconds), TimeSpan.FromSeconds(seconds)) };
                var request = new DiagnosisRequest
                {
                    Host = endpoint.Host,
                    Port = endpoint.Port,
                    ServerName = endpoint.Sni,
                    Clients = offers,
                    LoadBalancer = lb,
                    AssumedPolicy = fromAws?.Policy,
                    Timeout = TimeSpan.FromSeconds(seconds),
                };
                var progress = new DiagnoseProgress(stderr);
                outcome = await new Diagnoser(new ScanSurvey(options)).DiagnoseAsync(request, progress, ct);
            }
            if (outcome.Report is not { } diagnosis)
            {
                stderr.WriteLine($"error: {outcome.Failure}");
                return scanFile is null ? ExitCodes.Network : ExitCodes.Usage;
            }
            var report = Write(diagnosis, lb, new ReportOptions { Policies = extra, AllPolicies = parse.GetValue(allPolicies), PolicyOrigin = fromAws is null ? null : $"from AWS: listener {fromAws.Id}" }, reportFormat, path, logSources);
            stdout.WriteLine(Describe(report, path));
            return report.FailingClients > 0 ? ExitCodes.Findings : ExitCodes.Ok;
        });
        return command;
    }

    /// <summary>The diagnosis of a finished scan: identified from it, every client simulated, no hello sent (scan --html, report --scan).</summary>
    internal static Task<DiagnosisOutcome> FromScanAsync(ScanResult scan, IReadOnlyList<ClientOffer> offers, string loadBalancer, CancellationToken ct,
        ServerPolicy? assumed = null)
    {
        var request = new DiagnosisRequest
        {
            // The address the scan used: nothing is resolved again.
            Host = scan.Target.Ip ?? scan.Target.Host,
            Port = scan.Target.Port,
            ServerName = scan.Target.Sni,
            Clients = offers,
            LoadBalancer = loadBalancer,
            AssumedPolicy = assumed,
            SendHellos = false,
        };
        return new Diagnoser(new SavedScanSurvey(scan)).DiagnoseAsync(request, null, ct);
    }

    /// <summary>`logs summary --html FILE`: the logs section alone as an HTML page.</summary>
    internal static string WriteLogsHtml(LogSummary summary, string path)
    {
        try { ReportFile.WriteLogs(new ReportLogs(summary, null), DateTimeOffset.UtcNow, path); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            throw new UsageException($"cannot write {path}: {e.Message}");
        }
        return $"wrote {path}: {summary.Failed:N0} of {summary.Connections:N0} TLS connections failed";
    }

    /// <summary>Builds and writes the report; a file that cannot be written is the user's to fix (exit 2), not a bug.</summary>
    internal static Report Write(DiagnosisReport diagnosis, string loadBalancer, ReportOptions options, ReportFormat format, string path,
        IReadOnlyList<LogSource>? logs = null)
    {
        var report = ReportBuilder.Build(diagnosis, loadBalancer, options);
        if (logs is { Count: > 0 }) report = report with { Logs = ReadLogs(logs, report.Recommendation?.Policy) };
        try { ReportFile.Write(report, format, path); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            throw new UsageException($"cannot write {path}: {e.Message}");
        }
        return report;
    }

    /// <summary>`--html FILE` of scan and diagnose: the report of what they just found, with the catalog's common clients when none were given.</summary>
    internal static string WriteHtml(DiagnosisReport diagnosis, string loadBalancer, string path) =>
        Describe(Write(diagnosis, loadBalancer, new ReportOptions(), ReportFormat.Html, path), path);

    /// <summary>The logs' summary (Logs.LogSummarizer) and the recommended policy's what-if (Logs.LogWhatIf) over the same files.</summary>
    private static ReportLogs ReadLogs(IReadOnlyList<LogSource> sources, ServerPolicy? recommended)
    {
        var summary = LogSummarizer.Summarize(sources);
        if (summary.Scan.Files == 0) throw new UsageException("--logs: no input could be read as a load balancer log");
        return new ReportLogs(summary, recommended is null ? null : LogWhatIf.Analyze(sources, recommended));
    }

    internal static IReadOnlyList<ClientOffer> Clients(IReadOnlyList<ClientOffer> given) =>
        given.Count > 0 ? given : ClientProfiles.Common.Select(p => p.Offer).ToList();

    private static string Describe(Report report, string path) =>
        $"wrote {path}: {report.FailingClients} of {report.Clients.Count} clients fail"
        + (report.Recommendation?.Policy is { } p ? $"; recommended {p.Name}" : "");

    private static ReportFormat Format(string? given, string path) => given switch
    {
        "md" => ReportFormat.Markdown,
        "html" => ReportFormat.Html,
        _ => path.EndsWith(".md", StringComparison.OrdinalIgnoreCase) || path.EndsWith(".markdown", StringComparison.OrdinalIgnoreCase) ? ReportFormat.Markdown : ReportFormat.Html,
    };

    /// <summary>
    /// A `scan --json` document read back through the same source-generated contract that wrote it (bounded:
    /// <see cref="InputKind.ScanDocument"/>). The contract writes code points and versions as text beside the values it
    /// leaves out, so those are restored from the text.
    /// </summary>
    internal static ScanResult ReadScan(string path)
    {
        var bytes = UserInput.ReadBytes(path, InputKind.ScanDocument);
        ScanDocument? document;
        try { document = JsonSerializer.Deserialize(bytes, StrictScanDocument); }
        catch (JsonException e) { throw new UsageException($"{path} is not a 'tlsdoctor scan --json' document: {e.Message}"); }
        if (document is null || document.Schema != ScanDocument.CurrentSchema || document.Target is null)
            throw new UsageException($"{path} is not a 'tlsdoctor scan --json' document of one endpoint (schema {ScanDocument.CurrentSchema})");
        if (HoleIn(document) is { } hole) throw new UsageException($"{path} is not a complete 'tlsdoctor scan --json' document: {hole} is null");
        return document.ToResult();
    }

    /// <summary>
    /// The scan contract of <see cref="CliJsonContext"/>, reading with nullable annotations respected: a null where the
    /// contract never writes one (a certificate's subject, a protocol's suite list) is bad input, not a later crash.
    /// </summary>
    private static readonly System.Text.Json.Serialization.Metadata.JsonTypeInfo<ScanDocument> StrictScanDocument =
        (System.Text.Json.Serialization.Metadata.JsonTypeInfo<ScanDocument>)new JsonSerializerOptions(CliJsonContext.Default.Options) { RespectNullableAnnotations = true }
            .GetTypeInfo(typeof(ScanDocument));

    /// <summary>List elements are outside nullable annotations: the first null element of a list the report reads.</summary>
    private static string? HoleIn(ScanDocument d)
    {
        if (d.Protocols?.Any(p => p is null || p.Ciphers is null || p.Ciphers.Any(c => c is null)) == true) return "a protocol or a cipher suite";
        if (d.Groups?.Any(g => g is null || g.Protocols is null) == true) return "a group";
        if (d.Certificates?.Any(c => c is null || c.SubjectAltNames is null || c.TrustProblems is null || c.SubjectAltNames.Any(n => n is null) || c.TrustProblems.Any(n => n is null)) == true) return "a certificate";
        if (d.Findings?.Any(f => f is null) == true) return "a finding";
        if (d.Notes?.Any(n => n is null) == true || d.SignatureAlgorithms?.Any(n => n is null) == true) return "a note or a signature algorithm";
        if (d.SignatureAlgorithmsAccepted?.Any(a => a is null || a.Schemes is null) == true) return "a signature algorithm list";
        if (d.PolicyMatches?.Any(m => m is null) == true) return "a policy match";
        return null;
    }
}
