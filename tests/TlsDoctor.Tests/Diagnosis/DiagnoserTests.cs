using TlsDoctor.Clients;
using TlsDoctor.Diagnosis;
using TlsDoctor.Negotiation;
using TlsDoctor.Policies;
using TlsDoctor.Registry;
using TlsDoctor.Scanning;
using TlsDoctor.Tests.Scanning;

namespace TlsDoctor.Tests.Diagnosis;

/// <summary>
/// diagnose on Scanning's prober interface, with a fake endpoint and a survey folded from a scan of a simulated server:
/// what each client gets, protocol violations, incomplete scans, and agreement with scan and identify on the policy.
/// </summary>
public class DiagnoserTests
{
    private sealed class FixedSurvey(SurveyResult result) : IEndpointSurvey
    {
        public Task<SurveyResult> SurveyAsync(string host, int port, string? serverName, CancellationToken cancellationToken) => Task.FromResult(result);
    }

    private static readonly TargetInfo Target = new("127.0.0.1", 443, "127.0.0.1", null);
    private static readonly CertificateKind[] Rsa = [CertificateKind.Rsa];

    private static ServerPolicy Policy(string name) => PolicyCatalog.Find(name).Policy!;

    /// <summary>A scan of a simulated server enforcing <paramref name="policy"/> behind an RSA certificate.</summary>
    private static Task<ScanResult> ScanAsync(ServerPolicy policy, int? answersOnly = null) => new EndpointScanner(new SimulatedServer
    {
        Versions = policy.Versions.Where(v => v.IsKnown && v != TlsVersion.SSLv2).ToList(),
        Suites = policy.CipherSuites.Where(c => CipherSuites.Find(c) is { IsTls13: false }).ToList(),
        Tls13Suites = policy.CipherSuites.Where(c => CipherSuites.Find(c) is { IsTls13: true }).ToList(),
        Groups = [0x001D, 0x0017, 0x0018],
        AnswersOnly = answersOnly,
    }, null).ScanAsync(Target, default);

    private static DiagnosisRequest Request(params string[] clients) => new()
    {
        Host = "127.0.0.1",
        Port = 443,
        Clients = clients.Select(c => ClientProfiles.Find(c).Profile!.Offer).ToList(),
    };

    [Fact]
    public async Task Each_client_is_sent_once_through_the_prober_and_its_answer_confirms_the_identified_policy()
    {
        var policy = Policy("ELBSecurityPolicy-TLS13-1-2-2021-06");
        var scan = await ScanAsync(policy);
        var endpoint = new FakeEndpoint(policy, Rsa);
        var outcome = await new Diagnoser(new FixedSurvey(ScanSurvey.Fold(scan)), (_, _) => endpoint)
            .DiagnoseAsync(Request("firefox-137-win11", "chrome-101-win10"));

        var report = Assert.IsType<DiagnosisReport>(outcome.Report);
        Assert.Equal(2, endpoint.Handshakes);
        Assert.Equal(PolicySourceKind.Identified, report.PolicySource);
        Assert.Equal(policy.Name, report.Policy!.Name);
        Assert.All(report.Clients, c => Assert.Equal(LiveAnswerKind.ServerHello, c.Live.Kind));
        Assert.All(report.Clients, c => Assert.True(c.PredictionConfirmed));
        Assert.Equal(0, report.FailureCount);
    }

    [Fact]
    public async Task A_server_selecting_a_suite_the_client_did_not_offer_makes_the_client_fail_with_a_protocol_violation()
    {
        var policy = Policy("ELBSecurityPolicy-TLS13-1-2-2021-06");
        var endpoint = new FakeEndpoint(policy, Rsa) { AlwaysSelects = 0xFEFE };
        var outcome = await new Diagnoser(probers: (_, _) => endpoint)
            .DiagnoseAsync(Request("firefox-137-win11") with { AssumedPolicy = policy });

        var client = Assert.Single(outcome.Report!.Clients);
        Assert.Equal(LiveAnswerKind.ProtocolViolation, client.Live.Kind);
        Assert.True(client.Fails);
        Assert.False(client.PredictionConfirmed);
        Assert.Contains("which the client did not offer", client.Live.Detail);
        Assert.Equal(1, outcome.Report.FailureCount);
    }

    [Fact]
    public async Task Diagnose_scan_and_identify_agree_on_the_policy_through_the_one_fold()
    {
        var policy = Policy("ELBSecurityPolicy-FS-1-2-Res-2020-10");
        var scan = await ScanAsync(policy);
        var survey = ScanSurvey.Fold(scan);
        var folded = ScanObservation.From(scan)!;
        var surveyed = survey.Observation!;
        Assert.Equal(folded.Versions, surveyed.Versions);
        Assert.Equal(folded.CipherSuites, surveyed.CipherSuites);
        Assert.Equal(folded.Certificates.Order(), surveyed.Certificates.Order());
        Assert.Equal(folded.ServerOrder, surveyed.ServerOrder);
        Assert.Equal(folded.Groups, surveyed.Groups);
        var identified = ScanObservation.Identify(scan);
        Assert.Contains(identified, m => m.Exact && m.Name == policy.Name);

        var outcome = await new Diagnoser(new FixedSurvey(survey), (_, _) => new FakeEndpoint(policy, Rsa)).DiagnoseAsync(Request("firefox-137-win11"));
        Assert.Equal(identified.Where(m => policy.LoadBalancers.Contains("ALB")).Select(m => m.Name).Order(),
            outcome.Report!.Matches.Where(m => m.Exact).Select(m => m.Name).Order());
    }

    [Fact]
    public async Task Diagnose_says_when_restricting_to_the_load_balancer_type_changes_the_closest_policy()
    {
        // An Azure policy: no ALB policy matches it, while identify over the whole catalog finds it exactly.
        var azure = Policy("AppGwSslPolicy20220101");
        var scan = await ScanAsync(azure);
        Assert.Contains(ScanObservation.Identify(scan), m => m.Exact && m.Name == azure.Name);
        var outcome = await new Diagnoser(new FixedSurvey(ScanSurvey.Fold(scan)), (_, _) => new FakeEndpoint(azure, Rsa)).DiagnoseAsync(Request("firefox-137-win11"));
        Assert.Equal(PolicySourceKind.Closest, outcome.Report!.PolicySource);
        Assert.Contains(outcome.Report.Notes, n => n.Contains("ALB policies only") && n.Contains(azure.Name));
    }

    [Fact]
    public async Task An_incomplete_scan_gives_the_closest_policy_never_an_identified_one()
    {
        var policy = Policy("ELBSecurityPolicy-2016-08");
        var scan = await ScanAsync(policy, answersOnly: 6);
        Assert.False(scan.IsComplete);
        var outcome = await new Diagnoser(new FixedSurvey(ScanSurvey.Fold(scan)), (_, _) => new FakeEndpoint(policy, Rsa)).DiagnoseAsync(Request("firefox-137-win11"));
        Assert.NotEqual(PolicySourceKind.Identified, outcome.Report!.PolicySource);
        Assert.DoesNotContain(outcome.Report.Matches, m => m.Exact);
        Assert.Contains(outcome.Report.Notes, n => n.StartsWith("the scan is incomplete"));
        Assert.NotNull(outcome.Report.Observation!.Incomplete);
    }
}
