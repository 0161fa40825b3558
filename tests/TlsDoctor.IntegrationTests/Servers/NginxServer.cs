using System.Text;

namespace TlsDoctor.IntegrationTests.Servers;

/// <summary>Starts nginx in the foreground (own prefix, pid and temp folders) with one TLS server on a free loopback port below the ephemeral range (<see cref="FreePort"/>).</summary>
public static class NginxServer
{
    /// <summary>
    /// <paramref name="serverDirectives"/> go into the server block, e.g.
    /// "ssl_protocols TLSv1.2; ssl_ciphers ECDHE-RSA-AES128-GCM-SHA256; ssl_prefer_server_ciphers on;".
    /// Every certificate gets its own ssl_certificate/ssl_certificate_key pair.
    /// </summary>
    public static Task<ServerProcess> StartAsync(IReadOnlyList<CertificateFiles> certificates, string serverDirectives)
        => ServerProcess.StartAsync("nginx", port => Arguments(port, certificates, serverDirectives), $"nginx ({serverDirectives})");

    private static string[] Arguments(int port, IReadOnlyList<CertificateFiles> certificates, string serverDirectives)
    {
        var prefix = Path.Combine(TestCertificates.TempFolder, $"nginx-{port}");
        Directory.CreateDirectory(Path.Combine(prefix, "logs"));
        var certs = string.Join("\n", certificates.Select(c => $"    ssl_certificate {c.CertificatePath};\n    ssl_certificate_key {c.KeyPath};"));
        var config = new StringBuilder()
            .AppendLine("daemon off;")
            .AppendLine("master_process off;")
            .AppendLine("worker_processes 1;")
            .AppendLine($"pid {prefix}/nginx.pid;")
            .AppendLine($"error_log {prefix}/logs/error.log warn;")
            .AppendLine("events { worker_connections 1024; }")
            .AppendLine("http {")
            .AppendLine("  access_log off;")
            .AppendLine($"  client_body_temp_path {prefix}/body; proxy_temp_path {prefix}/proxy; fastcgi_temp_path {prefix}/fastcgi;")
            .AppendLine($"  uwsgi_temp_path {prefix}/uwsgi; scgi_temp_path {prefix}/scgi;")
            .AppendLine("  server {")
            .AppendLine($"    listen 127.0.0.1:{port} ssl;")
            .AppendLine(certs)
            .AppendLine("    " + serverDirectives)
            .AppendLine("    location / { return 200 \"ok\\n\"; }")
            .AppendLine("  }")
            .AppendLine("}")
            .ToString();
        var path = Path.Combine(prefix, "nginx.conf");
        File.WriteAllText(path, config);
        return ["-p", prefix, "-c", path, "-e", $"{prefix}/logs/error.log"];
    }
}
