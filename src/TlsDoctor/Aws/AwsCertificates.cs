using System.Text;
using System.Text.Json;
using TlsDoctor.Negotiation;

namespace TlsDoctor.Aws;

/// <summary>
/// The key types of a listener's certificates from ACM (DescribeCertificate, AWS JSON 1.1, target
/// CertificateManager.DescribeCertificate; IAM action acm:DescribeCertificate). A certificate ACM does not hold (an
/// IAM server certificate) or may not be described (AccessDenied) is reported as unknown, never as an error: the
/// caller falls back to the scan.
/// </summary>
public static class AwsCertificates
{
    /// <summary>An ARN of ACM's (arn:PARTITION:acm:REGION:ACCOUNT:certificate/ID).</summary>
    public static bool IsAcm(string arn)
    {
        var parts = arn.Split(':', 6);
        return parts.Length == 6 && parts[0] == "arn" && parts[2] == "acm" && parts[5].StartsWith("certificate/", StringComparison.Ordinal);
    }

    /// <summary>RSA_* is an RSA key, EC_* an ECDSA one (the KeyAlgorithm values of the ACM API).</summary>
    public static CertificateKind? KindOf(string? keyAlgorithm) => keyAlgorithm switch
    {
        { } k when k.StartsWith("RSA_", StringComparison.Ordinal) => CertificateKind.Rsa,
        { } k when k.StartsWith("EC_", StringComparison.Ordinal) => CertificateKind.Ecdsa,
        _ => null,
    };

    /// <summary>
    /// Describes each ACM certificate among <paramref name="arns"/>. Credentials and throttling failures still stop the
    /// run (they would stop any other call too); AccessDenied, NotFound and rejections only leave that key unknown.
    /// </summary>
    public static async Task<IReadOnlyList<AwsCertificateKey>> DescribeAsync(QueryClient client, IReadOnlyList<string> arns, CancellationToken ct)
    {
        var result = new List<AwsCertificateKey>();
        foreach (var arn in arns.Distinct(StringComparer.Ordinal))
        {
            if (!IsAcm(arn))
            {
                result.Add(new AwsCertificateKey(arn, null, null, "not an ACM certificate"));
                continue;
            }
            try
            {
                var body = Encoding.UTF8.GetBytes(JsonSerializerText(arn));
                var answer = await client.CallJsonAsync(AwsService.CertificateManager, "DescribeCertificate", body, ct).ConfigureAwait(false);
                var algorithm = answer.TryGetProperty("Certificate", out var c) && c.ValueKind == JsonValueKind.Object
                    && c.TryGetProperty("KeyAlgorithm", out var k) && k.ValueKind == JsonValueKind.String ? k.GetString() : null;
                var kind = KindOf(algorithm);
                result.Add(new AwsCertificateKey(arn, algorithm, kind, kind is null ? $"ACM reports the key algorithm as {algorithm ?? "nothing"}" : null));
            }
            catch (AwsException e) when (e.Error.Kind is AwsErrorKind.AccessDenied or AwsErrorKind.NotFound or AwsErrorKind.Rejected)
            {
                result.Add(new AwsCertificateKey(arn, null, null, e.Error.Message));
            }
        }
        return result;
    }

    /// <summary>The request document {"CertificateArn": ARN}, escaped by the JSON writer.</summary>
    private static string JsonSerializerText(string arn)
    {
        using var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer))
        {
            w.WriteStartObject();
            w.WriteString("CertificateArn", arn);
            w.WriteEndObject();
        }
        return Encoding.UTF8.GetString(buffer.ToArray());
    }
}
