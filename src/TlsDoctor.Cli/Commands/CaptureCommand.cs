using System.CommandLine;
using System.Net;
using System.Net.Sockets;
using Spectre.Console;
using TlsDoctor.Capture;
using TlsDoctor.Diagnosis;
using TlsDoctor.Negotiation;
using TlsDoctor.Registry;
using TlsDoctor.Cli.Options;
using TlsDoctor.Cli.Rendering;

namespace TlsDoctor.Cli.Commands;

/// <summary>
/// `tlsdoctor capture`: record what real clients offer, from a listener or from pcap/pcapng files, with JA3/JA4 and the
/// catalog's verdict; `capture report` groups the database by JA4; `capture export` writes it as JSON Lines.
/// </summary>
public static class CaptureCommand
{
    public const string DefaultDatabase = "tlsdoctor-capture.db";

    /// <summary>
    /// The policy --complete enforces when --policy is not given: the console default for new ALB HTTPS and NLB TLS
    /// listeners in the 2023 documentation and the CDK's RECOMMENDED_TLS (see the "default" notes in data/policies/aws-elb.json).
    /// </summary>
    public const string DefaultCompletePolicy = "ELBSecurityPolicy-TLS13-1-2-2021-06";

    public static Command Create()
    {
        var listen = ListenOption.Create(" Binding a non-loopback address exposes the listener to the network.");
        var pcap = new Option<string[]>("--pcap") { Description = "Read ClientHellos from pcap/pcapng files instead of listening (TCP on any port, QUIC Initial packets).", AllowMultipleArgumentsPerToken = true };
        var policy = new Option<string?>("--policy", "-p") { Description = "Show whether this catalog policy (or policy file) accepts each client; with --complete, the policy the emulator enforces (default ELBSecurityPolicy-TLS13-1-2-2021-06)." };
        var db = new Option<string>("--db") { Description = "SQLite database to append to.", DefaultValueFactory = _ => DefaultDatabase };
        var json = new Option<bool>("--json") { Description = "JSON Lines on stdout: one object per hello." };
        var complete = new Option<bool>("--complete") { Description = "Hand each connection to the emulator after recording its hello, so the client sees a real handshake." };
        var maxConnections = NumericOption.Integer("--max-connections", "Connections read at once; more wait in the accept queue", 256, 1, 100_000);
        var timeout = NumericOption.Seconds("--timeout", "Seconds a client has to send its whole ClientHello", 10, 3600);
        var maxHello = NumericOption.Integer("--max-hello-bytes", "Largest ClientHello accepted, in bytes", HelloStreamReader.DefaultMaxHelloBytes, 512, 1 << 24);
        var count = NumericOption.OptionalInteger("--count", "Stop after recording this many connections", 1, int.MaxValue, "-n");
        var duration = NumericOption.OptionalSeconds("--duration", "Stop listening after this many seconds", NumericOption.MaxDurationSeconds);

        var command = new Command("capture", "Record the ClientHellos real clients send (listener or pcap files), with JA3/JA4 and which policies accept them.");
        foreach (var o in new Option[] { listen, pcap, policy, db, json, complete, maxConnections, timeout, maxHello, count, duration }) command.Options.Add(o);
        command.SetAction(async (parse, ct) =>
        {
            var request = new CaptureRequest(
                parse.GetValue(listen), parse.GetValue(pcap) ?? [], parse.GetValue(policy), parse.GetValue(db)!, parse.GetValue(json),
                parse.GetValue(complete), parse.GetValue(maxConnections), parse.GetValue(timeout), parse.GetValue(maxHello),
                parse.GetValue(count), parse.GetValue(duration));
            return await RunAsync(request, parse.InvocationConfiguration.Output, parse.InvocationConfiguration.Error, ct);
        });

        var reportDb = new Option<string>("--db") { Description = "SQLite database to read.", DefaultValueFactory = _ => DefaultDatabase };
        var reportPolicy = new Option<string?>("--policy", "-p") { Description = "Show whether this catalog policy accepts each client." };
        var reportJson = new Option<bool>("--json") { Description = "One JSON document on stdout." };
        var report = new Command("report", "Group the captured clients by JA4: count, first/last seen, versions, and which policies accept each.");
        report.Options.Add(reportDb);
        report.Options.Add(reportPolicy);
        report.Options.Add(reportJson);
        report.SetAction(parse => Report(parse.GetValue(reportDb)!, parse.GetValue(reportPolicy), parse.GetValue(reportJson), parse.InvocationConfiguration.Output));
        command.Subcommands.Add(report);

        var exportDb = new Option<string>("--db") { Description = "SQLite database to read.", DefaultValueFactory = _ => DefaultDatabase };
        var export = new Command("export", "Write every stored hello as JSON Lines (the same objects as capture --json).");
        export.Options.Add(exportDb);
        export.SetAction(parse => Export(parse.GetValue(exportDb)!, parse.InvocationConfiguration.Output));
        command.Subcommands.Add(export);
        return command;
    }

    private sealed record CaptureRequest(string? Listen, string[] Pcap, string? Policy, string Database, bool Json, bool Complete,
        int MaxConnections, double Timeout, int MaxHelloBytes, int? Count, double? Duration);

    private static async Task<int> RunAsync(CaptureRequest request, TextWriter? stdout, TextWriter? stderr, CancellationToken ct)
    {
        stdout ??= Terminal.Stdout;
        stderr ??= Terminal.Stderr;
        if (request.Listen is not null && request.Pcap.Length > 0) throw new UsageException("--listen and --pcap cannot be combined: capture from one source at a time");
        var verdicts = CaptureVerdicts.For(request.Policy);
        foreach (var file in request.Pcap)
        {
            if (Directory.Exists(file)) throw new UsageException($"{file} is a directory, not a capture file");
            if (!File.Exists(file)) throw new UsageException($"capture file not found: {file}");
        }
        if (request.Complete && request.Pcap.Length > 0) throw new UsageException("--complete applies to the listener, not to --pcap");

        var console = CaptureRenderer.CreateConsole(stdout);
        var renderer = new CaptureRenderer(console, stdout, request.Json, verdicts);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var observer = new StoppingObserver(renderer, request.Count, stop);
        if (request.Pcap.Length > 0) return await RecordPcapAsync(request, observer, stop, stderr);

        // Bad input (the address, the --complete policy) is refused before the database is created.
        var endpoint = ListenOption.Parse(request.Listen);
        ServerPolicy? completeWith = request.Complete ? PoliciesCommand.Resolve(request.Policy ?? DefaultCompletePolicy, null) : null;
        using var store = OpenForWriting(request.Database);

        var options = new CaptureListenerOptions
        {
            Endpoint = endpoint,
            MaxConnections = request.MaxConnections,
            HelloTimeout = TimeSpan.FromSeconds(request.Timeout),
            MaxHelloBytes = request.MaxHelloBytes,
        };
        var liveRecorder = new CaptureRecorder(store, observer);
        var (live, startError) = await LiveCapture.StartAsync(options, liveRecorder, completeWith, cancellationToken: ct);
        if (live is null)
        {
            await liveRecorder.DisposeAsync();
            stderr.WriteLine($"error: {startError}");
            return ExitCodes.Network;
        }
        if (completeWith is not null)
            stderr.WriteLine($"--complete: connections continue with the emulator enforcing {completeWith.Name} (self-signed RSA and ECDSA certificates)");
        var listener = live.Listener;
        await using (live)
        {
            if (!IPAddress.IsLoopback(endpoint.Address))
                stderr.WriteLine($"warning: listening on {endpoint.Address}, which is not a loopback address: other hosts can connect");
            stderr.WriteLine($"listening on {CaptureEndpoint.Format(listener.LocalEndpoint)}, recording to {request.Database} (Ctrl+C to stop)");
            stderr.Flush();
            if (request.Duration is { } seconds) stop.CancelAfter(TimeSpan.FromSeconds(seconds));
            // Ctrl+C and SIGTERM stop the listener; the rows still queued are written before the process exits.
            using var signals = new StopSignals(stop);
            // A failing database (disk full, file removed) stops the listener instead of queueing forever.
            _ = liveRecorder.Completion.ContinueWith(_ => stop.Cancel(), CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted, TaskScheduler.Default);
            await live.RunAsync(stop.Token);
            try { await liveRecorder.DisposeAsync(); }
            catch (Microsoft.Data.Sqlite.SqliteException e)
            {
                stderr.WriteLine($"error: writing to {request.Database} failed: {e.Message}; rows printed before this were committed");
                return ExitCodes.Internal;
            }
            // "accepted" would read as the policy's verdict: these are the TCP connections the listener took.
            stderr.WriteLine($"recorded {Plural.Count(liveRecorder.Recorded, "connection")} (of {Plural.Count(listener.Accepted, "TCP connection")} received) in {request.Database}");
        }
        return ExitCodes.Ok;
    }

    /// <summary>
    /// Records the hellos of the capture files. The database is opened with the first hello, so files that hold none
    /// (garbage, a truncated header) create nothing; a file that could not be read to its end is bad input (exit 2),
    /// after the hellos read before the problem are recorded.
    /// </summary>
    private static async Task<int> RecordPcapAsync(CaptureRequest request, ICaptureObserver observer, CancellationTokenSource stop, TextWriter stderr)
    {
        var result = await PcapRecording.RecordAsync(request.Pcap, request.MaxHelloBytes, () => OpenForWriting(request.Database), observer, stop.Token);
        foreach (var f in result.Files)
            stderr.WriteLine($"{f.Path}: {f.Packets} packets, {f.Hellos} ClientHello{(f.Hellos == 1 ? "" : "s")}{(f.UnsupportedLinkTypePackets > 0 ? $", {f.UnsupportedLinkTypePackets} packets of unsupported link types skipped" : "")}{(f.Error is null ? "" : $"; stopped early: {f.Error}")}");
        var recorded = result.Recorded;
        stderr.WriteLine(!result.StoreOpened ? $"no ClientHello found; {request.Database} not created or changed" : $"recorded {recorded} hello{(recorded == 1 ? "" : "s")} in {request.Database}");
        return result.Files.Any(f => f.Error is not null) ? ExitCodes.Usage : ExitCodes.Ok;
    }

    private static CaptureStore OpenForWriting(string database)
    {
        try { return CaptureStore.Open(database); }
        catch (Microsoft.Data.Sqlite.SqliteException e) { throw new UsageException($"cannot open database {database}: {e.Message}"); }
    }

    private static int Report(string database, string? policy, bool json, TextWriter? stdout)
    {
        stdout ??= Terminal.Stdout;
        var verdicts = CaptureVerdicts.For(policy);
        using var store = OpenExisting(database);
        var report = CaptureReport.Build(store.ReadAll());
        var renderer = new CaptureRenderer(CaptureRenderer.CreateConsole(stdout), stdout, json, verdicts);
        renderer.RenderReport(database, report);
        return ExitCodes.Ok;
    }

    private static int Export(string database, TextWriter? stdout)
    {
        stdout ??= Terminal.Stdout;
        using var store = OpenExisting(database);
        var renderer = new CaptureRenderer(CaptureRenderer.CreateConsole(stdout), stdout, json: true, CaptureVerdicts.For(null));
        foreach (var row in store.ReadAll()) renderer.OnRecorded(row);
        return ExitCodes.Ok;
    }

    /// <summary>Opens a database to read, read-only: a report never creates or changes its input, whatever the file holds.</summary>
    internal static CaptureStore OpenExisting(string database)
    {
        if (Directory.Exists(database)) throw new UsageException($"{database} is a directory, not a capture database");
        if (!File.Exists(database)) throw new UsageException($"database not found: {database} (record with 'tlsdoctor capture --db {database}' first)");
        CaptureStore? store = null;
        try
        {
            store = CaptureStore.Open(database, readOnly: true);
            store.Count();   // reads the hellos table: a file that is not a capture database fails here, not half-way through a report
            return store;
        }
        catch (Microsoft.Data.Sqlite.SqliteException e)
        {
            store?.Dispose();
            throw new UsageException($"{database} is not a capture database ({e.Message.TrimEnd('.')}); record one with 'tlsdoctor capture --db FILE'");
        }
    }

    /// <summary>Passes rows to the renderer and stops the capture once --count rows are recorded.</summary>
    private sealed class StoppingObserver(ICaptureObserver inner, int? count, CancellationTokenSource stop) : ICaptureObserver
    {
        private long _seen;

        public void OnRecorded(CapturedHello hello)
        {
            inner.OnRecorded(hello);
            if (count is { } limit && Interlocked.Increment(ref _seen) >= limit) stop.Cancel();
        }
    }
}
