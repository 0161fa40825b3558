using System.Text;

namespace TlsDoctor.IntegrationTests.Servers;

/// <summary>Starts haproxy in the foreground with one TLS frontend on a free loopback port below the ephemeral range (<see cref="FreePort"/>).</summary>
public static class HaproxyServer
{
    /// <summary>
    /// <paramref name="bindOptions"/> go on the `bind` line after the certificates, e.g.
    /// "ciphers ECDHE-RSA-AES128-GCM-SHA256 ciphersuites TLS_AES_128_GCM_SHA256 ssl-min-ver TLSv1.2 curves X25519:P-256".
    /// Every certificate is given as its own `crt` (haproxy picks by the client's signature algorithms and suites).
    /// The frontend answers every request with 200 "ok".
    /// </summary>
    public static Task<ServerProcess> StartAsync(IReadOnlyList<CertificateFiles> certificates, string bindOptions, string globalOptions = "")
        => ServerProcess.StartAsync("haproxy", port => ["-db", "-f", WriteConfig(port, certificates, bindOptions, globalOptions)], $"haproxy ({bindOptions})");

    private static string WriteConfig(int port, IReadOnlyList<CertificateFiles> certificates, string bindOptions, string globalOptions)
    {
        var crt = string.Join(' ', certificates.Select(c => $"crt {c.CombinedPath}"));
        var config = new StringBuilder()
            .AppendLine("global")
            .AppendLine("  maxconn 4000")
            .AppendLine("  nbthread 1")
            .AppendLine(globalOptions)
            .AppendLine("defaults")
            .AppendLine("  mode http")
            .AppendLine("  timeout connect 5s")
            .AppendLine("  timeout client 10s")
            .AppendLine("  timeout server 10s")
            .AppendLine("frontend tls")
            .AppendLine($"  bind 127.0.0.1:{port} ssl {crt} {bindOptions}")
            .AppendLine("  http-request return status 200 content-type text/plain string ok")
            .ToString();
        var path = Path.Combine(TestCertificates.TempFolder, $"haproxy-{port}.cfg");
        File.WriteAllText(path, config);
        return path;
    }
}
