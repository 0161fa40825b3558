using System.CommandLine;
using System.Net;
using TlsDoctor.Cli.Options;
using TlsDoctor.Cli.Rendering;
using TlsDoctor.Emulator;
using TlsDoctor.Negotiation;
using TlsDoctor.Policies;

namespace TlsDoctor.Cli.Commands;

/// <summary>
/// `tlsdoctor serve`: a TLS-terminating listener that enforces exactly one policy and logs, per connection,
/// what was negotiated or why the handshake failed.
/// </summary>
public static class ServeCommand
{
    public static Command Create()
    {
        var policy = new Option<string>("--policy", "-p") { Description = "Policy to enforce: a catalog name (e.g. ELBSecurityPolicy-TLS13-1-2-2021-06) or a policy file.", Required = true };
        var listen = ListenOption.Create();
        var cert = new Option<string?>("--cert") { Description = "PEM certificate chain (leaf first) to serve; needs --key." };
        var key = new Option<string?>("--key") { Description = "PEM private key of --cert (PKCS#8, PKCS#1 or SEC1; unencrypted)." };
        var certType = new Option<string>("--cert-type") { Description = "Without --cert: generate a self-signed rsa (2048), ecdsa (P-256) or both certificate(s) (default rsa).", DefaultValueFactory = _ => "rsa" };
        certType.AcceptOnlyFromAmong("rsa", "ecdsa", "both");
        var backend = new Option<string?>("--backend", "-b") { Description = "Forward completed connections as raw TCP to HOST:PORT (as an NLB TLS listener does)." };
        var http = new Option<bool>("--http-response") { Description = "Answer completed connections with a small HTTP response naming the protocol and cipher (the default without --backend)." };
        var loadBalancer = new Option<string?>("--lb") { Description = "ALB, NLB or CLB: picks among policies that share a name (ELBSecurityPolicy-2015-05)." };
        var json = new Option<bool>("--json") { Description = "JSON Lines on stdout: one object per connection (event, outcome, reason, …), plus listening and stats events." };
        var statsInterval = NumericOption.Seconds("--stats-interval", "Print counters by outcome and reason every N seconds (0: only on exit)", 0, 86400, inclusive: true);
        var maxConnections = NumericOption.Integer("--max-connections", "Connections handled at once; more wait in the accept queue", 512, 1, 100_000);
        var handshakeTimeout = NumericOption.Seconds("--handshake-timeout", "Seconds a client has for its hello and the whole handshake", 10, 3600);
        var duration = NumericOption.OptionalSeconds("--duration", "Stop after this many seconds (default: run until Ctrl+C)", NumericOption.MaxDurationSeconds);

        var command = new Command("serve", "Emulate a load balancer's TLS listener enforcing one policy; log why each handshake fails.");
        foreach (var o in new Option[] { policy, listen, cert, key, certType, backend, http, loadBalancer, json, statsInterval, maxConnections, handshakeTimeout, duration })
            command.Options.Add(o);
        command.SetAction(async (parse, ct) =>
        {
            var request = new ServeRequest(parse.GetValue(policy)!, parse.GetValue(listen), parse.GetValue(cert), parse.GetValue(key),
                parse.GetValue(certType)!, parse.GetValue(backend), parse.GetValue(http), parse.GetValue(loadBalancer), parse.GetValue(json),
                parse.GetValue(statsInterval), parse.GetValue(maxConnections), parse.GetValue(handshakeTimeout), parse.GetValue(duration));
            return await RunAsync(request, parse.InvocationConfiguration.Output ?? Terminal.Stdout, parse.InvocationConfiguration.Error ?? Terminal.Stderr, ct);
        });
        return command;
    }

    private sealed record ServeRequest(string Policy, string? Listen, string? Cert, string? Key, string CertType, string? Backend,
        bool HttpResponse, string? LoadBalancer, bool Json, double StatsInterval, int MaxConnections, double HandshakeTimeout, double? Duration);

    private static async Task<int> RunAsync(ServeRequest request, TextWriter stdout, TextWriter stderr, CancellationToken ct)
    {
        if (request.Backend is not null && request.HttpResponse) throw new UsageException("--backend and --http-response exclude each other: forward to a backend or answer with HTTP");
        if ((request.Cert is null) != (request.Key is null)) throw new UsageException("--cert and --key go together");

        var policy = PoliciesCommand.Resolve(request.Policy, request.LoadBalancer);
        var listen = ListenOption.Parse(request.Listen);
        var backend = request.Backend is null ? null : ParseBackend(request.Backend);
        var certificates = LoadCertificates(request);

        var options = new EmulatorOptions
        {
            Policy = policy,
            Listen = listen,
            Certificates = certificates,
            Backend = backend,
            MaxConnections = request.MaxConnections,
            HandshakeTimeout = TimeSpan.FromSeconds(request.HandshakeTimeout),
            Analyzer = new SimulatorHelloAnalyzer(),
        };
        var renderer = new ServeLogRenderer(stdout, stderr, request.Json);
        var started = await TlsEmulator.StartAsync(options, renderer.Connection, ct);
        if (started.Error is { } error)
        {
            stderr.WriteLine($"error: {error.Message}");
            return error.Kind == EmulatorStartErrorKind.NothingToServe ? ExitCodes.Usage : ExitCodes.Network;
        }

        await using var emulator = started.Emulator!;
        renderer.Listening(emulator, backend);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
        if (request.Duration is { } seconds) stop.CancelAfter(TimeSpan.FromSeconds(seconds));
        // Ctrl+C and SIGTERM end the listener cleanly, so the final counters are printed.
        using var signals = new StopSignals(stop);
        try
        {
            if (request.StatsInterval > 0)
            {
                using var timer = new PeriodicTimer(TimeSpan.FromSeconds(request.StatsInterval));
                while (await timer.WaitForNextTickAsync(stop.Token)) renderer.Stats(emulator.Statistics.Snapshot(), final: false);
            }
            else
            {
                await Task.Delay(Timeout.Infinite, stop.Token);
            }
        }
        catch (OperationCanceledException) { }
        await emulator.DisposeAsync();
        renderer.Stats(emulator.Statistics.Snapshot(), final: true);
        return ExitCodes.Ok;
    }

    private static IReadOnlyList<ServerCertificate> LoadCertificates(ServeRequest request)
    {
        if (request.Cert is { } certPath)
        {
            var loaded = ServerCertificate.TryLoadPem(certPath, request.Key!, out var problem);
            return loaded is null ? throw new UsageException(problem!) : [loaded];
        }
        return request.CertType switch
        {
            "ecdsa" => [ServerCertificate.Generate(CertificateKind.Ecdsa)],
            "both" => [ServerCertificate.Generate(CertificateKind.Rsa), ServerCertificate.Generate(CertificateKind.Ecdsa)],
            _ => [ServerCertificate.Generate(CertificateKind.Rsa)],
        };
    }

    internal static DnsEndPoint ParseBackend(string text)
    {
        var colon = text.LastIndexOf(':');
        if (colon > 0 && int.TryParse(text[(colon + 1)..], out var port) && port is > 0 and <= 65535)
        {
            var host = text[..colon].Trim('[', ']');
            if (host.Length > 0) return new DnsEndPoint(host, port);
        }
        throw new UsageException($"--backend expects HOST:PORT (got '{text}')");
    }
}
