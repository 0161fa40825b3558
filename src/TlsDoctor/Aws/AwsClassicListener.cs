namespace TlsDoctor.Aws;

/// <summary>A Classic Load Balancer listener: its front-end protocol and port, certificate, and the policies enabled on it.</summary>
public sealed record AwsClassicListener(string Protocol, int Port, string? CertificateId, IReadOnlyList<string> PolicyNames)
{
    /// <summary>HTTPS and SSL listeners terminate TLS and carry an SSL negotiation policy.</summary>
    public bool IsTls => Protocol is "HTTPS" or "SSL";
}
