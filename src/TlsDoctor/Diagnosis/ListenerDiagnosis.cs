using TlsDoctor.Aws;
using TlsDoctor.Negotiation;

namespace TlsDoctor.Diagnosis;

/// <summary>
/// `diagnose --listener`: the listener as AWS describes it (its security policy, and its certificates' key types
/// from ACM), then the diagnosis of its endpoint against that policy (<see cref="Diagnoser"/>, policy source "aws"),
/// the scan only checking it. AWS failures come back as <see cref="AwsError"/>s (their own exit codes); the
/// diagnosis's own failures in the <see cref="DiagnosisOutcome"/>.
/// </summary>
public static class ListenerDiagnosis
{
    /// <param name="source">Where the listener is looked up (the live APIs, or the AWS CLI's saved JSON).</param>
    /// <param name="client">The live client for ACM DescribeCertificate; null (saved JSON) leaves the key types to the scan.</param>
    /// <param name="listenerId">A listener ARN, or LOAD_BALANCER_NAME:PORT.</param>
    /// <param name="template">The rest of the request (clients, timeout, scan, logs); its Host and Port, when set, override the listener's DNS name and port.</param>
    public static async Task<AwsResult<DiagnosisOutcome>> DiagnoseAsync(IAwsSource source, QueryClient? client, string listenerId,
        DiagnosisRequest template, Diagnoser diagnoser, IProgress<string>? progress = null, CancellationToken ct = default)
    {
        progress?.Report($"looking up listener {listenerId}");
        var found = await AwsInventory.FindAsync(source, listenerId, ct).ConfigureAwait(false);
        if (!found.IsSuccess) return AwsResult<DiagnosisOutcome>.Failure(found.Error!);
        var listener = found.Value!;
        if (!listener.IsTls)
            return AwsResult<DiagnosisOutcome>.Failure(new AwsError(AwsErrorKind.BadInput,
                $"The {listener.Protocol} listener {listener.LoadBalancer}:{listener.Port} does not terminate TLS and has no security policy."));
        var host = string.IsNullOrEmpty(template.Host) ? listener.DnsName : template.Host;
        if (host is null)
            return AwsResult<DiagnosisOutcome>.Failure(new AwsError(AwsErrorKind.BadInput,
                $"AWS gives no DNS name for {listener.LoadBalancer}: name the address to scan (diagnose HOST:PORT --listener …) or use --no-scan."));

        var notes = new List<string>();
        IReadOnlyCollection<CertificateKind>? certificates = template.Certificates;
        if (certificates is null && client is not null && listener.Certificates.Count > 0)
        {
            progress?.Report("reading the certificates' key types from ACM");
            var keys = await AwsResult<IReadOnlyList<AwsCertificateKey>>.Run(() => AwsCertificates.DescribeAsync(client, listener.Certificates, ct)).ConfigureAwait(false);
            if (!keys.IsSuccess) return AwsResult<DiagnosisOutcome>.Failure(keys.Error!);
            var known = keys.Value!.Where(k => k.Kind is not null).Select(k => k.Kind!.Value).Distinct().Order().ToList();
            if (known.Count > 0) certificates = known;
            foreach (var unknown in keys.Value!.Where(k => k.Kind is null))
                notes.Add($"the key type of certificate {unknown.Arn} is unknown ({unknown.Why}); {(template.Scan ? "the scan tells" : "RSA is assumed")}");
        }
        else if (certificates is null && client is null && listener.Certificates.Count > 0)
            notes.Add($"the certificates' key types are not read from saved AWS CLI output; {(template.Scan ? "the scan tells" : "RSA is assumed")}");

        var request = template with
        {
            Host = host,
            Port = template.Port > 0 ? template.Port : listener.Port,
            LoadBalancer = listener.CatalogType,
            Listener = listener,
            Certificates = certificates,
            AssumedPolicy = null,
        };
        var outcome = await diagnoser.DiagnoseAsync(request, progress, ct).ConfigureAwait(false);
        if (outcome.Report is { } report && notes.Count > 0) outcome = outcome with { Report = report with { Notes = [.. notes, .. report.Notes] } };
        return AwsResult<DiagnosisOutcome>.Success(outcome);
    }
}
