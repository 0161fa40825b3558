using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;

namespace TlsDoctor.Scanning;

/// <summary>
/// One full handshake with the platform TLS stack to read the certificate chain where it is encrypted
/// (TLS 1.3). The validation callback records the chain and accepts it: trust is judged separately.
/// </summary>
public static class CertificateFetcher
{
    public static async Task<IReadOnlyList<byte[]>> FetchAsync(Connector connector, IPEndPoint endpoint, string serverName, CancellationToken ct)
    {
        var (socket, failure) = await connector.ConnectAsync(endpoint, ct).ConfigureAwait(false);
        if (socket is null || failure is not null) return [];
        var chain = new List<byte[]>();
        using var stream = new NetworkStream(socket, ownsSocket: true);
        using var tls = new SslStream(stream, leaveInnerStreamOpen: false, (_, certificate, x509Chain, _) =>
        {
            // The leaf, then the certificates the server sent as they appear in ExtraStore (not the chain built locally).
            if (certificate is null) return true;
            var leaf = certificate.GetRawCertData();
            chain.Add(leaf);
            if (x509Chain is not null)
                foreach (var extra in x509Chain.ChainPolicy.ExtraStore)
                    if (!extra.RawData.AsSpan().SequenceEqual(leaf)) chain.Add(extra.RawData);
            return true;
        });
        // The handshake's two stages under one deadline, on the connector's clock.
        using var timer = new CancellationTokenSource(connector.Timeouts.FirstByte + connector.Timeouts.Flight, connector.Time);
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(ct, timer.Token);
        try
        {
            await tls.AuthenticateAsClientAsync(new SslClientAuthenticationOptions
            {
                TargetHost = serverName,
                EnabledSslProtocols = SslProtocols.Tls13 | SslProtocols.Tls12,
                CertificateRevocationCheckMode = System.Security.Cryptography.X509Certificates.X509RevocationMode.NoCheck,
            }, deadline.Token).ConfigureAwait(false);
        }
        catch (Exception e) when (e is AuthenticationException or IOException or OperationCanceledException)
        {
            ct.ThrowIfCancellationRequested();
        }
        return chain;
    }
}
