using System.Net;
using TlsDoctor.Negotiation;
using TlsDoctor.Policies;
using TlsDoctor.Scanning;

namespace TlsDoctor.Diagnosis;

/// <summary>
/// The troubleshooting routine in one call: scan the endpoint and identify its policy (or take the stated one),
/// simulate each client against it and send each client's hello for real, explain every failure, and recommend the
/// most secure policy of the load-balancer type that admits the clients, with the AWS CLI command.
/// </summary>
/// <param name="survey">Scans the endpoint (needed unless the request states the policy).</param>
/// <param name="probers">Builds the prober that sends each client's hello (default: Scanning's raw prober with the request's
/// deadline for each stage); tests pass a fake.</param>
public sealed class Diagnoser(IEndpointSurvey? survey = null, Func<IPEndPoint, StageTimeouts, IHandshakeProber>? probers = null)
{
    public async Task<DiagnosisOutcome> DiagnoseAsync(DiagnosisRequest request, IProgress<string>? progress = null, CancellationToken cancellationToken = default)
    {
        if (request.Clients.Count == 0) throw new ArgumentException("at least one client is needed", nameof(request));
        var target = request.Host.Contains(':') ? $"[{request.Host}]:{request.Port}" : $"{request.Host}:{request.Port}";

        var serverName = request.ServerName ?? (IPAddress.TryParse(request.Host, out _) ? null : request.Host);
        // A listener diagnosed with --no-scan sends nothing to the endpoint: its name is not even resolved.
        var offline = request.Listener is not null && !request.Scan;
        IPEndPoint? endpoint = null;
        if (!offline)
        {
            if (!IPAddress.TryParse(request.Host, out _)) progress?.Report($"resolving {request.Host}");
            var (address, unresolved) = await ScanEngine.ResolveAsync(request.Host, request.Timeout, cancellationToken).ConfigureAwait(false);
            if (address is null) return DiagnosisOutcome.Failed(unresolved!.Message, unresolved);
            endpoint = new IPEndPoint(address, request.Port);
        }

        var notes = new List<string>();
        ServerPolicy? policy;
        PolicySourceKind source;
        IReadOnlyList<PolicyMatch> matches = [];
        ServerObservation? observation = null;
        Scanning.ScanResult? scan = null;
        IReadOnlyCollection<CertificateKind> certificates;
        PolicyMatch? comparison = null;
        if (request.AssumedPolicy is { } assumed)
        {
            policy = assumed;
            source = PolicySourceKind.Assumed;
            certificates = request.Certificates ?? [CertificateKind.Rsa];
        }
        else if (request.Listener is { Policy: { } configured } listener)
        {
            policy = configured;
            source = PolicySourceKind.Aws;
            certificates = request.Certificates ?? [CertificateKind.Rsa];
            if (request.Scan)
            {
                if (survey is null) throw new InvalidOperationException("no scanner: pass an IEndpointSurvey or set Scan = false");
                progress?.Report($"scanning {target} to check {configured.Name}");
                var surveyed = await survey.SurveyAsync(request.Host, request.Port, serverName, cancellationToken).ConfigureAwait(false);
                notes.AddRange(surveyed.Notes);
                if (surveyed.Observation is not { } observed)
                    return DiagnosisOutcome.Failed($"cannot scan {target}: {surveyed.Failure} (rerun with --no-scan to diagnose from the AWS policy alone)", surveyed.Cause);
                observation = observed;
                scan = surveyed.Scan;
                if (request.Certificates is null && observed.Certificates.Count > 0) certificates = observed.Certificates;
                comparison = PolicyIdentifier.Compare(observed, configured);
                matches = PolicyIdentifier.Identify(observed, PolicyCatalog.All.Where(p => p.LoadBalancers.Contains(request.LoadBalancer, StringComparer.OrdinalIgnoreCase)));
                if (!comparison.Exact)
                {
                    var differences = string.Join(", ", comparison.Missing.Select(m => "-" + m).Concat(comparison.Extra.Select(x => "+" + x)));
                    var lookalike = matches.FirstOrDefault() is { } m && m.Name != configured.Name ? $"; the scan looks {(m.Exact ? "exactly" : "most")} like {m.Name}" : "";
                    notes.Add($"the scan disagrees with the policy AWS reports for {listener.Id} ({configured.Name}): {differences}{lookalike}. "
                        + "Something else answers on this address (a proxy, another listener), or the change has not reached every node yet; the clients are simulated against the AWS policy and tried for real.");
                }
                if (observed.Incomplete is { } why) notes.Add($"the scan is incomplete ({why}): its comparison with {configured.Name} may show differences that are not there");
                foreach (var violation in surveyed.ProtocolViolations)
                    notes.Add($"the endpoint breaks the TLS protocol: {violation}");
            }
        }
        else
        {
            if (request.Listener is { } unknown)
                notes.Add($"AWS names the policy of {unknown.Id} ({unknown.PolicyName ?? "none"}) but its contents are unknown: it is identified from the scan instead");
            if (survey is null) throw new InvalidOperationException("no scanner: state the policy (AssumedPolicy) or pass an IEndpointSurvey");
            progress?.Report($"scanning {target}");
            var surveyed = await survey.SurveyAsync(request.Host, request.Port, serverName, cancellationToken).ConfigureAwait(false);
            notes.AddRange(surveyed.Notes);
            if (surveyed.Observation is not { } observed) return DiagnosisOutcome.Failed($"cannot scan {target}: {surveyed.Failure}", surveyed.Cause);
            observation = observed;
            scan = surveyed.Scan;
            certificates = observed.Certificates.Count > 0 ? observed.Certificates : request.Certificates ?? [CertificateKind.Rsa];
            progress?.Report("identifying the policy");
            matches = PolicyIdentifier.Identify(observed, PolicyCatalog.All.Where(p => p.LoadBalancers.Contains(request.LoadBalancer, StringComparer.OrdinalIgnoreCase)));
            var best = matches.FirstOrDefault();
            policy = best is null ? null : PolicyCatalog.Find(best.Name, request.LoadBalancer).Policy;
            source = best is { Exact: true } ? PolicySourceKind.Identified : PolicySourceKind.Closest;
            if (best is { Exact: false })
                notes.Add($"no {request.LoadBalancer} policy matches the scan exactly; the closest is {best.Name} (differs by: {string.Join(", ", best.Missing.Select(m => "-" + m).Concat(best.Extra.Select(x => "+" + x)))})");
            if (matches.Count(m => m.Exact) > 1)
                notes.Add($"{matches.Count} catalog policies look identical from outside: {string.Join(", ", matches.Select(m => m.Name))}");
            // The same fold and comparison as scan and identify, restricted to the load-balancer type: say when that changes the answer.
            var everywhere = PolicyIdentifier.Identify(observed, PolicyCatalog.All);
            if (best is not null && !everywhere.Any(m => m.Name == best.Name))
                notes.Add($"compared with {request.LoadBalancer} policies only (--lb); among all catalog policies (scan, identify) the {(everywhere.Any(m => m.Exact) ? "match is" : "closest is")} {string.Join(", ", everywhere.Select(m => m.Name))}");
            if (observed.Incomplete is { } why)
                notes.Add($"the scan is incomplete ({why}): {best?.Name ?? "the policy"} is the closest policy, not an exact match");
            foreach (var violation in surveyed.ProtocolViolations)
                notes.Add($"the endpoint breaks the TLS protocol: {violation}");
        }
        if (policy is null) return DiagnosisOutcome.Failed($"no catalog policy resembles what {target} accepts");

        var clients = new List<ClientDiagnosis>();
        var timeouts = StageTimeouts.Uniform(request.Timeout, request.Timeout);
        var sendHellos = request.SendHellos && endpoint is not null;
        var prober = endpoint is null ? null : probers?.Invoke(endpoint, timeouts) ?? new RawHandshakeProber(new Connector(timeouts), endpoint);
        using var closing = prober as IDisposable;
        foreach (var offer in request.Clients)
        {
            progress?.Report($"trying {offer.Name}");
            var predicted = Simulator.Negotiate(offer, policy, certificates);
            var live = sendHellos
                ? await HelloProbe.SendAsync(prober!, offer, serverName, cancellationToken).ConfigureAwait(false)
                : new LiveAnswer(LiveAnswerKind.NotSent, Detail: "not sent (prediction only)");
            Recommendation? fix = null;
            var diagnosis = new ClientDiagnosis(offer.Name, offer, predicted, live, null);
            if (diagnosis.Fails) fix = PolicyRecommender.Recommend([offer], PolicyCatalog.All, request.LoadBalancer, certificates);
            clients.Add(diagnosis with { Fix = fix });
        }

        Recommendation? recommendation = null;
        if (clients.Any(c => c.Fails))
            recommendation = PolicyRecommender.Recommend(request.Clients, PolicyCatalog.All, request.LoadBalancer, certificates, current: policy);
        // The fix names the real listener: the same commands aws set-policy prints for it.
        if (request.Listener is { IsTls: true } real && recommendation?.Policy is { } chosen)
            recommendation = recommendation with { Commands = Aws.AwsPolicyChange.Plan(real, chosen).CliCommands };
        foreach (var c in clients.Where(c => !c.PredictionConfirmed))
            notes.Add($"{c.Client}: the endpoint's answer ({Describe(c.Live)}) differs from the prediction for {policy.Name}; the endpoint may not enforce that policy exactly");

        TlsDoctor.Logs.WhatIfResult? logged = null;
        if (request.Logs.Count > 0)
        {
            // The change the diagnosis proposes is what the logs must vouch for; with no change, the current policy is
            // checked against what the logs show it negotiated (a mismatch means the policy is not what it seems).
            var checkedPolicy = recommendation?.Policy ?? policy;
            progress?.Report($"reading the logs for what {checkedPolicy.Name} would refuse");
            logged = TlsDoctor.Logs.LogWhatIf.Analyze(request.Logs, checkedPolicy, null, cancellationToken);
            notes.AddRange(LogNotes(logged, recommendation?.Policy is not null));
        }

        return new DiagnosisOutcome(new DiagnosisReport
        {
            Target = target,
            Address = endpoint?.ToString() ?? "not contacted (--no-scan)",
            PolicySource = source,
            Policy = policy,
            Matches = matches,
            Observation = observation,
            Scan = scan,
            Certificates = certificates,
            Clients = clients,
            Recommendation = recommendation,
            Listener = request.Listener,
            ScanVersusPolicy = comparison,
            Logs = logged,
            Notes = notes,
        }, null);
    }

    /// <summary>What the logs say about the checked policy, in a sentence or two.</summary>
    public static IEnumerable<string> LogNotes(TlsDoctor.Logs.WhatIfResult logs, bool isChange)
    {
        if (logs.Scan.Files == 0) yield return "--logs: no input could be read as a load balancer log";
        else if (logs.Connections == 0) yield return "--logs: the logs show no successful TLS connection with its protocol and cipher";
        else if (logs.AtRisk == 0)
            yield return $"the logs' {logs.Connections:N0} TLS connections all negotiated what {logs.Policy} offers"
                + (isChange ? ": the change puts none of them at risk" : "");
        else
            yield return $"{logs.AtRisk:N0} of the logs' {logs.Connections:N0} TLS connections ({logs.AtRiskShare:P1}, {logs.AtRiskClients:N0} client address{(logs.AtRiskClients == 1 ? "" : "es")}) negotiated what {logs.Policy} lacks"
                + (isChange ? " and may fail after the change (an upper bound: a client may offer something else too)" : ": the listener does not enforce the policy assumed")
                + (logs.Confirmed.Count > 0 ? $"; confirmed by user agent: {string.Join(", ", logs.Confirmed.Select(c => c.ProfileName))}" : "");
    }

    public static string Describe(LiveAnswer live) => live.Kind switch
    {
        LiveAnswerKind.ServerHello => $"ServerHello {live.Version?.Name} {Registry.CipherSuites.Describe(live.Suite ?? 0)}",
        LiveAnswerKind.Alert => $"alert {live.Alert}",
        _ => live.Detail ?? live.Kind.ToString(),
    };
}
