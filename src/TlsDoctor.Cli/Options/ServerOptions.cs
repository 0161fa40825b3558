using System.CommandLine;
using TlsDoctor.Negotiation;

namespace TlsDoctor.Cli.Options;

/// <summary>The server-side options simulate, recommend and identify share: <c>--cert rsa|ecdsa|both</c> and <c>--lb alb|nlb|clb</c>.</summary>
public static class ServerOptions
{
    public static Option<string> Certificate(string description = "Which certificate(s) the server holds: rsa, ecdsa or both") =>
        new("--cert") { Description = description, DefaultValueFactory = _ => "rsa" };

    public static Option<string?> LoadBalancer(string description) => new("--lb") { Description = description };

    public static IReadOnlyCollection<CertificateKind> ParseCertificate(string? value) => (value ?? "rsa").Trim().ToLowerInvariant() switch
    {
        "rsa" => [CertificateKind.Rsa],
        "ecdsa" or "ec" => [CertificateKind.Ecdsa],
        "both" or "rsa,ecdsa" => [CertificateKind.Rsa, CertificateKind.Ecdsa],
        var other => throw new UsageException($"unknown certificate type '{other}' (rsa, ecdsa, both)"),
    };

    public static string? ParseLoadBalancer(string? value)
    {
        if (value is null) return null;
        var upper = value.Trim().ToUpperInvariant();
        return PolicyRecommender.LoadBalancerTypes.Contains(upper) ? upper : throw new UsageException($"unknown load-balancer type '{value}' (alb, nlb, clb)");
    }
}
