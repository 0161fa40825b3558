using TlsDoctor.Negotiation;

namespace TlsDoctor.IntegrationTests.Servers;

/// <summary>Starts `openssl s_server` on a free loopback port below the ephemeral range (<see cref="FreePort"/>).</summary>
public static class OpenSslServer
{
    /// <summary>
    /// Starts s_server with the given certificate and extra arguments (e.g. "-cipher", "ECDHE-RSA-AES128-GCM-SHA256",
    /// "-ciphersuites", "", "-tls1_2", "-groups", "x25519", "-serverpref"). It answers HTTP GETs (-www) and
    /// serves connections one after another until disposed.
    /// </summary>
    public static Task<ServerProcess> StartAsync(CertificateKind certificate, params string[] arguments) =>
        StartAsync([TestCertificates.For(certificate)], arguments);

    /// <summary>
    /// Several certificates behind one listener: the first via -cert/-key, a second (of another key type) via
    /// -dcert/-dkey, as s_server supports.
    /// </summary>
    public static Task<ServerProcess> StartAsync(IReadOnlyList<CertificateFiles> certificates, params string[] arguments)
    {
        return ServerProcess.StartAsync("openssl", port =>
        {
            var args = new List<string> { "s_server", "-accept", $"127.0.0.1:{port}", "-naccept", "100000", "-www", "-quiet",
                "-cert", certificates[0].CertificatePath, "-key", certificates[0].KeyPath };
            if (certificates.Count > 1) args.AddRange(["-dcert", certificates[1].CertificatePath, "-dkey", certificates[1].KeyPath]);
            args.AddRange(arguments);
            return args;
        }, "openssl s_server " + string.Join(' ', arguments));
    }
}
