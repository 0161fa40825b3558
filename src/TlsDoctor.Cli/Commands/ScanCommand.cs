using System.CommandLine;
using TlsDoctor.Cli.Json;
using TlsDoctor.Cli.Options;
using TlsDoctor.Cli.Rendering;
using TlsDoctor.Io;
using TlsDoctor.Scanning;

namespace TlsDoctor.Cli.Commands;

/// <summary>`tlsdoctor scan TARGET…`: everything each endpoint accepts (docs/scan.md).</summary>
public static class ScanCommand
{
    public static Command Create()
    {
        var targets = new Argument<string[]>("targets")
        {
            Arity = ArgumentArity.ZeroOrMore,
            Description = "host, host:port, [v6addr]:port or https://host[:port]/path (default port 443)",
        };
        var file = new Option<string?>("--file", "-f") { Description = "Read targets from FILE, one per line ('#' comments); '-' reads stdin" };
        var sni = new Option<string?>("--sni") { Description = "server_name to send (default: the host name; none for IP addresses)" };
        var noSni = new Option<bool>("--no-sni") { Description = "Send no server_name" };
        var timeout = NumericOption.Seconds("--timeout", "Seconds to wait for each answer", 5, 600);
        var connectTimeout = NumericOption.OptionalSeconds("--connect-timeout", "Seconds to wait for a TCP connection (default: --timeout)", 600);
        var concurrency = NumericOption.Integer("--concurrency", "Connections open at once, over all targets", 64, 1, 10_000);
        var perEndpoint = NumericOption.Integer("--per-endpoint", "Connections open at once to one endpoint", 8, 1, 1_000);
        var json = new Option<bool>("--json") { Description = "JSON output: one document, or one per line for several targets" };
        var failOn = new Option<string?>("--fail-on") { Description = "Exit 1 when a finding has this severity or worse: info, low, medium, high, critical" };
        var noCertificates = new Option<bool>("--no-certificate-handshake") { Description = "Skip the full handshake that fetches TLS 1.3-only certificates" };
        var html = new Option<string?>("--html") { Description = "Also write the HTML report of the endpoint to FILE (one target; docs/report.md)" };
        var partialOk = new Option<bool>("--partial-ok") { Description = "Exit as for a complete scan when the server stopped answering partway (the result still says it is incomplete)" };
        var sigalgs = new Option<bool>("--sigalgs") { Description = "Also enumerate every signature scheme accepted, per protocol (TLS 1.2, TLS 1.3) and certificate type (n + 1 handshakes per list)" };

        var command = new Command("scan", "Everything an endpoint accepts: protocols, every cipher suite, server order, groups, certificates, features, findings");
        command.Arguments.Add(targets);
        foreach (var o in new Option[] { file, sni, noSni, timeout, connectTimeout, concurrency, perEndpoint, json, failOn, noCertificates, sigalgs, partialOk, html })
            command.Options.Add(o);

        command.SetAction(async (parse, ct) =>
        {
            var output = parse.InvocationConfiguration.Output;
            var error = parse.InvocationConfiguration.Error;
            var list = ReadTargets(parse.GetValue(targets) ?? [], parse.GetValue(file), parse.GetValue(sni), parse.GetValue(noSni));
            var threshold = ParseSeverity(parse.GetValue(failOn));
            var htmlPath = parse.GetValue(html);
            if (htmlPath is not null && list.Count != 1) throw new UsageException("--html writes the report of one endpoint; give one target");
            var seconds = parse.GetValue(timeout);
            var connectSeconds = parse.GetValue(connectTimeout) ?? seconds;
            var options = new ScanOptions
            {
                Timeouts = StageTimeouts.Uniform(TimeSpan.FromSeconds(seconds), TimeSpan.FromSeconds(connectSeconds)),
                Concurrency = parse.GetValue(concurrency),
                PerEndpointConcurrency = parse.GetValue(perEndpoint),
                Certificates = !parse.GetValue(noCertificates),
                SignatureAlgorithms = parse.GetValue(sigalgs),
                Trace = Environment.GetEnvironmentVariable("TLSDOCTOR_TRACE") == "1" ? TextWriter.Synchronized(error) : null,
            };
            var phases = options.Trace is null ? null : new PhaseTrace(options.Trace);
            phases?.Mark("start-up (process start to scan command)");
            // Identify compares each result with the policy catalog: load it while the first scan waits on the network.
            var catalogWarmUp = Task.Run(() => TlsDoctor.Policies.PolicyCatalog.All.Count, ct);
            var asJson = parse.GetValue(json);
            // JSON Lines of a long run: nothing of the terminal renderer is loaded.
            var console = asJson ? null : ConsoleFactory.For(output);
            var progress = list.Count > 1 && Terminal.IsTerminal(error) ? new TerminalProgress(error) : null;

            var exit = ExitCodes.Ok;
            var collectedAt = GC.GetTotalAllocatedBytes();
            await foreach (var result in new ScanEngine(options).ScanAsync(list, progress, ct))
            {
                phases?.Mark($"scan {result.Target.Host}:{result.Target.Port}");
                await catalogWarmUp.ConfigureAwait(false);
                var matches = ScanObservation.Identify(result);
                phases?.Mark("identify");
                progress?.Clear();
                if (asJson)
                {
                    var document = ScanDocument.From(result, matches);
                    output.WriteLine(list.Count == 1
                        ? CliJson.Serialize(document, CliJsonContext.Default.ScanDocument)
                        : CliJson.SerializeLine(document));
                }
                else ScanRenderer.Render(console!, result, matches);
                output.Flush();
                phases?.Mark("render");
                if (htmlPath is not null)
                {
                    var diagnosis = await ReportCommand.FromScanAsync(result, ReportCommand.Clients([]), "ALB", ct);
                    error.WriteLine(diagnosis.Report is { } found ? ReportCommand.WriteHtml(found, "ALB", htmlPath) : $"no report written: {diagnosis.Failure}");
                }
                // Only the worst code is kept: each result is dropped once written, whatever the number of targets.
                exit = Math.Max(exit, ExitFor(result, threshold, parse.GetValue(partialOk)));
                if (list.Count > 1) collectedAt = CollectYoungGarbage(collectedAt);
            }
            progress?.Clear();
            return exit;
        });
        return command;
    }

    /// <summary>
    /// The GC sizes its young generation from the CPU cache (about 16 MB on a 32 MB L3), and a run over many targets
    /// allocates about 0.8 MB per endpoint that is garbage once its result is written: left alone, the young generation
    /// fills up to that size before each collection. Collecting it after every few endpoints' worth of allocation keeps
    /// the heap near what is live (a few MB) for a few milliseconds of collection per second (docs/benchmarks.md, scan).
    /// </summary>
    private static long CollectYoungGarbage(long collectedAt)
    {
        const long Every = 4 << 20;
        var now = GC.GetTotalAllocatedBytes();
        if (now - collectedAt < Every) return collectedAt;
        GC.Collect(0, GCCollectionMode.Forced, blocking: true);
        return now;
    }

    /// <summary>
    /// 70 for a scanner bug, 3 when the endpoint could not be scanned or the scan is incomplete (unless
    /// <paramref name="partialOk"/>), 1 when a finding reaches the threshold or the server broke the protocol, else 0.
    /// </summary>
    public static int ExitFor(ScanResult result, FindingSeverity? threshold, bool partialOk = false)
    {
        if (result.Failure is ProbeFailure.InternalError) return ExitCodes.Internal;
        if (result.Failure is not null) return ExitCodes.Network;
        if (!result.IsComplete && !partialOk) return ExitCodes.Network;
        if (result.ProtocolViolations.Count > 0) return ExitCodes.Findings;
        if (threshold is { } t && result.Findings.Any(f => f.Severity >= t)) return ExitCodes.Findings;
        return ExitCodes.Ok;
    }

    public static FindingSeverity? ParseSeverity(string? text)
    {
        if (text is null) return null;
        if (Enum.TryParse<FindingSeverity>(text, ignoreCase: true, out var s) && Enum.IsDefined(s) && !int.TryParse(text, out _)) return s;
        throw new UsageException($"unknown severity '{text}' for --fail-on; use one of: {string.Join(", ", Enum.GetNames<FindingSeverity>().Select(n => n.ToLowerInvariant()))}");
    }

    public static IReadOnlyList<ScanTarget> ReadTargets(string[] arguments, string? file, string? sni, bool noSni)
    {
        if (sni is not null && noSni) throw new UsageException("--sni and --no-sni exclude each other");
        // System.CommandLine passes an unknown option on as a target: it is a typo, not a host to resolve.
        if (arguments.FirstOrDefault(a => a.StartsWith('-')) is { } option) throw new UsageException($"unknown option '{option}' (see --help)");
        var inputs = arguments.Select(a => (Source: "argument", Line: 0, Text: a)).ToList();
        if (file is not null)
        {
            var text = UserInput.ReadText(file, InputKind.Targets);
            var lines = ScanTarget.ReadLines(new StringReader(text)).ToList();
            if (lines.Count == 0 && inputs.Count == 0)
                throw new UsageException($"{(file == BoundedInput.StandardInput ? "stdin" : file)} lists no targets (one host[:port] per line; '#' starts a comment)");
            inputs.AddRange(lines.Select(l => (Source: file, l.Line, l.Text)));
        }
        if (inputs.Count == 0) throw new UsageException("no target: give TARGET arguments or -f FILE");
        var targets = new List<ScanTarget>();
        foreach (var (source, line, text) in inputs)
        {
            if (!ScanTarget.TryParse(text, out var target, out var message, sni, noSni))
                throw new UsageException(line > 0 ? $"{source}:{line}: {message}" : message);
            targets.Add(target);
        }
        return targets;
    }
}
