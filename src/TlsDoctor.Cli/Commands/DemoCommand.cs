using System.Collections.Concurrent;
using System.CommandLine;
using System.Diagnostics;
using System.Net;
using Spectre.Console;
using TlsDoctor.Cli.Rendering;
using TlsDoctor.Clients;
using TlsDoctor.Diagnosis;
using TlsDoctor.Emulator;
using TlsDoctor.Negotiation;
using TlsDoctor.Policies;

namespace TlsDoctor.Cli.Commands;

/// <summary>
/// `tlsdoctor demo`: no network needed. Starts the load-balancer emulator on loopback with the ALB console's default
/// policy, diagnoses it for a handful of legacy clients (real scan, real hellos), shows why each fails and which
/// policy fixes it, then stops everything.
/// </summary>
public static class DemoCommand
{
    /// <summary>Legacy clients that still show up in load-balancer error metrics, and one current browser for contrast.</summary>
    private static readonly string[] DemoClients = ["java-6u45", "android-442", "ie-8-xp", "ie-11-win7", "openssl-101h"];

    public static Command Create()
    {
        var command = new Command("demo", "See the problem and the fix in 30 seconds: an emulated ALB on loopback, legacy clients, why they fail, and the policy that admits them.");
        command.SetAction(async (parse, ct) => await RunAsync(parse.InvocationConfiguration.Output ?? Terminal.Stdout, ct));
        return command;
    }

    private static async Task<int> RunAsync(TextWriter stdout, CancellationToken ct)
    {
        var console = DiagnoseCommand.CreateConsole(stdout);
        var clock = Stopwatch.StartNew();
        var (policy, policyNote) = DefaultAlbPolicy();

        console.Write(new Rule("[bold]tlsdoctor demo[/]").LeftJustified());
        console.MarkupLine("A team moved its Application Load Balancer to the [bold]console's default security policy[/]. Some clients now fail,");
        console.MarkupLine("and the load balancer only counts them ([grey]ClientTLSNegotiationErrorCount[/]); it never says why. Let's find out.");
        console.WriteLine();
        if (policyNote is not null) console.MarkupLine($"[yellow]note:[/] {Markup.Escape(policyNote)}");

        var log = new ConcurrentQueue<ConnectionRecord>();
        var start = await TlsEmulator.StartAsync(new EmulatorOptions
        {
            Policy = policy,
            Listen = new IPEndPoint(IPAddress.Loopback, 0),
            Certificates = [ServerCertificate.Generate(CertificateKind.Rsa)],
            Analyzer = new SimulatorHelloAnalyzer(),
            HandshakeTimeout = TimeSpan.FromSeconds(5),
        }, log.Enqueue, ct);
        if (start.Error is { } error)
        {
            console.MarkupLine($"[red]error:[/] {Markup.Escape(error.Message)}");
            return ExitCodes.Network;
        }

        await using (var emulator = start.Emulator!)
        {
            var port = emulator.LocalEndPoint.Port;
            console.MarkupLine($"[bold]1.[/] Started [cyan]tlsdoctor serve[/] on 127.0.0.1:{port}: a TLS listener that enforces [cyan]{Markup.Escape(policy.Name)}[/]");
            console.MarkupLine("   exactly (protocols, suites in server order, groups, RSA certificate), independent of this machine's OpenSSL.");
            var hybrids = (policy.Groups ?? []).Where(g => Registry.Groups.Find(g)?.IsPostQuantum == true).Select(Registry.Groups.Describe).ToList();
            if (hybrids.Count > 0)
            {
                console.MarkupLine($"   Post-quantum hybrid groups (real key exchange, TLS 1.3): [cyan]{Markup.Escape(string.Join(", ", hybrids))}[/].");
                console.MarkupLine("   Clients without them get the classical groups: hybrids are not what breaks old clients.");
            }
            var clients = DemoClients.Select(id => ClientProfiles.Get(id)).OfType<ClientProfile>().Select(p => p.Offer).ToList();
            console.MarkupLine($"[bold]2.[/] Running [cyan]tlsdoctor diagnose 127.0.0.1:{port}[/] for {clients.Count} legacy clients: scan the endpoint, identify its policy,");
            console.MarkupLine("   send each client's real ClientHello, explain each failure, and recommend the most secure policy that admits them.");
            console.WriteLine();

            // The scan's probes are logged too; the clients' hellos are the connections after the first "trying …" step.
            var before = -1;
            var steps = new StepObserver(step => { if (before < 0 && step.StartsWith("trying ", StringComparison.Ordinal)) before = log.Count; });
            var outcome = await new Diagnoser(new ScanSurvey()).DiagnoseAsync(new DiagnosisRequest
            {
                Host = "127.0.0.1",
                Port = port,
                Clients = clients,
                LoadBalancer = "ALB",
                Timeout = TimeSpan.FromSeconds(5),
            }, steps, ct);
            if (outcome.Report is not { } report)
            {
                console.MarkupLine($"[red]error:[/] {Markup.Escape(outcome.Failure ?? "diagnosis failed")}");
                return ExitCodes.Internal;
            }
            new DiagnosisRenderer(console).Render(report);

            console.WriteLine();
            console.MarkupLine("[bold]3.[/] The emulator's connection log for those hellos: the detail the load balancer's metric never gives");
            console.MarkupLine("   ([grey]time client port protocol cipher handshake-seconds outcome reason \"explanation\"[/]):");
            var lines = log.Skip(Math.Max(0, before)).Where(r => r.Outcome == ConnectionOutcome.Refused).OrderBy(r => r.Time).ToList();
            foreach (var r in lines)
                console.MarkupLine("   " + Markup.Escape(ServeLogRenderer.FormatLine(r, out _, out _)));
            console.MarkupLine($"   [grey]({emulator.Statistics.Total} connections in all: the scan made the rest)[/]");
        }

        console.WriteLine();
        console.MarkupLine("[bold]Try it on your own endpoint or client:[/]");
        console.MarkupLine($"   tlsdoctor diagnose your-alb.example.com -c java-7u25      [grey]# why one client fails, and the fix[/]");
        console.MarkupLine($"   tlsdoctor serve --policy {Markup.Escape(policy.Name)}   [grey]# test a client before changing production[/]");
        console.MarkupLine($"[grey]Stopped the emulator. Demo took {clock.Elapsed.TotalSeconds:0.0} s.[/]");
        return ExitCodes.Ok;
    }

    /// <summary>
    /// The ALB console's current default policy as the catalog names it (<see cref="PolicyCatalog.ConsoleDefault"/>). When
    /// the catalog does not know that policy's suites, its classical counterpart stands in, said openly.
    /// </summary>
    internal static (ServerPolicy Policy, string? Note) DefaultAlbPolicy()
    {
        var current = PolicyCatalog.ConsoleDefault("ALB") ?? throw new InvalidDataException("the policy catalog names no ALB console default");
        var suitesUnknown = current.Unknown.HasFlag(PolicyUnknowns.Tls12CipherSuites) || current.Unknown.HasFlag(PolicyUnknowns.Tls13CipherSuites) || current.CipherSuites.Count == 0;
        if (suitesUnknown && current.ClassicalCounterpart is { } counterpart && PolicyCatalog.Get(counterpart) is { } classical)
            return (classical, $"the console default is {current.Name}; its cipher list is not published in the catalog's sources, so the demo serves its classical counterpart {classical.Name} (same protocols).");
        return (current, null);
    }

    /// <summary>Receives the diagnosis steps synchronously (Progress&lt;T&gt; would post them later).</summary>
    private sealed class StepObserver(Action<string> onStep) : IProgress<string>
    {
        public void Report(string value) => onStep(value);
    }
}
