using Spectre.Console;
using TlsDoctor.Cli.Rendering;
using TlsDoctor.Clients;
using TlsDoctor.Diagnosis;
using TlsDoctor.Negotiation;
using TlsDoctor.Policies;
using TlsDoctor.Registry;
using TlsDoctor.Scanning;

namespace TlsDoctor.Tests.Cli;

/// <summary>On 80 and 60 columns, scan and diagnose (the demo's table) never break a suite, policy or client name.</summary>
public class NarrowTerminalTests
{
    private static (IAnsiConsole Console, StringWriter Output) Console(int width)
    {
        var output = new StringWriter();
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(output),
            Ansi = AnsiSupport.No,
            ColorSystem = ColorSystemSupport.NoColors,
            Interactive = InteractionSupport.No,
        });
        console.Profile.Width = width;
        return (console, output);
    }

    private static string[] Lines(StringWriter output) => output.ToString().Split('\n').Select(l => l.TrimEnd('\r')).ToArray();

    /// <summary>Every name is on one line, as a whole word; and no line is wider than the console.</summary>
    private static void AssertWhole(string[] lines, int width, IEnumerable<string> names)
    {
        Assert.All(lines, l => Assert.True(l.Length <= width, $"{l.Length} columns: '{l}'"));
        foreach (var name in names.Distinct())
            Assert.True(lines.Any(l => l.Split(' ', '(', ')', ',', '│').Contains(name)), $"'{name}' is not whole on any line:\n{string.Join('\n', lines)}");
    }

    public static TheoryData<int> Widths => [160, 80, 60];

    [Theory]
    [MemberData(nameof(Widths))]
    public void Scan_suites_keep_their_names_whole(int width)
    {
        // The longest names the registry has, at TLS 1.2 and TLS 1.3.
        var tls12 = ScanCandidates.Suites(TlsVersion.Tls12).OrderByDescending(s => CipherSuites.Find(s)!.Name.Length).Take(12).ToList();
        var scan = new ScanResult
        {
            Target = new TargetInfo("example.test", 443, "127.0.0.1", "example.test"),
            Protocols =
            [
                new ProtocolResult(TlsVersion.Tls12, true, true, tls12.Select(CipherResult.From).ToList()),
                new ProtocolResult(TlsVersion.Tls13, true, true, ScanCandidates.Tls13Suites.Select(CipherResult.From).ToList()),
            ],
            Stats = new ScanStats(20, 100),
        };
        var (console, output) = Console(width);
        ScanRenderer.Render(console, scan, []);

        var ciphers = scan.Protocols.SelectMany(p => p.Ciphers).ToList();
        AssertWhole(Lines(output), width, ciphers.Select(c => c.Iana!).Concat(ciphers.Where(c => c.OpenSsl is not null).Select(c => c.OpenSsl!)));
    }

    [Theory]
    [MemberData(nameof(Widths))]
    public void Diagnosis_table_keeps_policy_suite_and_client_names_whole(int width)
    {
        var policy = PolicyCatalog.ConsoleDefault("ALB")!;
        var certificates = new[] { CertificateKind.Rsa };
        var clients = new[] { "java-6u45", "ie-11-win7", "android-442", "openssl-101h" }.Select(id => ClientProfiles.Get(id)!).ToList();
        var diagnoses = clients.Select(c =>
        {
            var predicted = Simulator.Negotiate(c.Offer, policy, certificates);
            var live = predicted is NegotiationOutcome.Agreed a ? new LiveAnswer(LiveAnswerKind.ServerHello, a.Version, a.Suite) : new LiveAnswer(LiveAnswerKind.Alert, Alert: "handshake_failure");
            var fix = predicted.IsAgreed ? null : PolicyRecommender.Recommend([c.Offer], PolicyCatalog.All, "ALB", certificates);
            return new ClientDiagnosis(c.Name, c.Offer, predicted, live, fix);
        }).ToList();
        Assert.Contains(diagnoses, d => d.Fails);
        var report = new DiagnosisReport
        {
            Target = "127.0.0.1:8443",
            Address = "127.0.0.1:8443",
            PolicySource = PolicySourceKind.Identified,
            Policy = policy,
            Certificates = certificates,
            Clients = diagnoses,
        };
        var (console, output) = Console(width);
        new DiagnosisRenderer(console).Render(report);

        var names = new List<string> { policy.Name };
        names.AddRange(diagnoses.Where(d => d.Fix?.Policy is not null).Select(d => d.Fix!.Policy!.Name));
        // The suites an explanation names (IANA names in parentheses).
        names.AddRange(diagnoses.Select(d => (d.Predicted as NegotiationOutcome.Refused)?.Explanation ?? "")
            .SelectMany(e => e.Split(' ', '(', ')', ',')).Where(w => w.StartsWith("TLS_", StringComparison.Ordinal)));
        AssertWhole(Lines(output), width, names);
    }

    [Fact]
    public void Renegotiation_says_what_was_measured_and_what_was_not()
    {
        var scan = new ScanResult
        {
            Target = new TargetInfo("example.test", 443, "127.0.0.1", "example.test"),
            Protocols = [new ProtocolResult(TlsVersion.Tls12, true, true, [CipherResult.From(0xC02F)])],
            Features = new FeatureResult { SecureRenegotiation = true },
            Stats = new ScanStats(5, 10),
        };
        var (console, output) = Console(120);
        ScanRenderer.Render(console, scan, []);

        var line = Lines(output).Single(l => l.Contains("renegotiation", StringComparison.Ordinal));
        Assert.Contains("secure renegotiation extension (RFC 5746) yes", line);
        Assert.Contains("client-initiated renegotiation not tested", line);
    }
}
