using System.Net;
using System.Net.Sockets;

namespace TlsDoctor.IntegrationTests.Scanning;

/// <summary>
/// A minimal SSL 2.0 server on 127.0.0.1 (OpenSSL 3 has no SSLv2): it answers an SSL 2.0 CLIENT-HELLO with a SERVER-HELLO
/// built byte by byte from draft-hickman-netscape-ssl-00 (section 2.6 and appendix A), carrying the given certificate and the
/// configured cipher kinds that the client offered, in the configured order, then closes. Any other first bytes (a TLS hello)
/// are relayed to <c>tlsBackendPort</c> when given (an SSLv2-and-TLS server), else the connection is closed.
/// </summary>
public sealed class Sslv2TestServer : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly byte[] _certificate;
    private readonly IReadOnlyList<uint> _kinds;
    private readonly int? _tlsBackendPort;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _accepting;

    public Sslv2TestServer(byte[] certificate, IReadOnlyList<uint> kinds, int? tlsBackendPort = null)
    {
        _certificate = certificate;
        _kinds = kinds;
        _tlsBackendPort = tlsBackendPort;
        _listener.Start();
        _accepting = AcceptAsync();
    }

    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;
    public string Endpoint => $"127.0.0.1:{Port}";

    /// <summary>Each CLIENT-HELLO received: its version, cipher specs, session id and challenge lengths.</summary>
    public List<(ushort Version, List<uint> CipherSpecs, int SessionIdLength, int ChallengeLength)> ClientHellos { get; } = [];

    private async Task AcceptAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            TcpClient client;
            try { client = await _listener.AcceptTcpClientAsync(_stop.Token); }
            catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException) { return; }
            _ = Task.Run(() => ServeAsync(client));
        }
    }

    private async Task ServeAsync(TcpClient client)
    {
        using (client)
        {
            try
            {
                using var timeout = CancellationTokenSource.CreateLinkedTokenSource(_stop.Token);
                timeout.CancelAfter(TimeSpan.FromSeconds(10));
                var stream = client.GetStream();
                var header = new byte[2];
                await stream.ReadExactlyAsync(header, timeout.Token);
                if ((header[0] & 0x80) == 0)
                {
                    if (_tlsBackendPort is { } port) await RelayAsync(stream, header, port, timeout.Token);
                    return;
                }
                // Two-byte record header (section 1.2): no padding, length in the low 15 bits.
                var body = new byte[(header[0] & 0x7F) << 8 | header[1]];
                await stream.ReadExactlyAsync(body, timeout.Token);
                // CLIENT-HELLO (section 2.5): MSG-CLIENT-HELLO(1), CLIENT-VERSION(2), CIPHER-SPECS-LENGTH(2), SESSION-ID-LENGTH(2),
                // CHALLENGE-LENGTH(2), then the cipher specs (3 bytes each), the session id and the challenge.
                if (body.Length < 9 || body[0] != 1) return;
                var version = (ushort)(body[1] << 8 | body[2]);
                var specsLength = body[3] << 8 | body[4];
                var sessionIdLength = body[5] << 8 | body[6];
                var challengeLength = body[7] << 8 | body[8];
                if (9 + specsLength + sessionIdLength + challengeLength != body.Length || specsLength % 3 != 0) return;
                var offered = new List<uint>();
                for (var i = 9; i < 9 + specsLength; i += 3) offered.Add((uint)(body[i] << 16 | body[i + 1] << 8 | body[i + 2]));
                lock (ClientHellos) ClientHellos.Add((version, offered, sessionIdLength, challengeLength));

                var chosen = _kinds.Where(offered.Contains).ToList();
                var connectionId = new byte[16];
                Random.Shared.NextBytes(connectionId);
                // SERVER-HELLO (section 2.6): MSG-SERVER-HELLO(4), SESSION-ID-HIT, CERTIFICATE-TYPE (1 = SSL_X509_CERTIFICATE),
                // SERVER-VERSION (0x0002), CERTIFICATE-LENGTH, CIPHER-SPECS-LENGTH, CONNECTION-ID-LENGTH, then the three fields.
                var hello = new List<byte> { 4, 0, 1, 0x00, 0x02 };
                hello.AddRange([(byte)(_certificate.Length >> 8), (byte)_certificate.Length]);
                hello.AddRange([(byte)(3 * chosen.Count >> 8), (byte)(3 * chosen.Count)]);
                hello.AddRange([0, (byte)connectionId.Length]);
                hello.AddRange(_certificate);
                foreach (var k in chosen) hello.AddRange([(byte)(k >> 16), (byte)(k >> 8), (byte)k]);
                hello.AddRange(connectionId);
                var record = new List<byte> { (byte)(0x80 | hello.Count >> 8), (byte)hello.Count };
                record.AddRange(hello);
                await stream.WriteAsync(record.ToArray(), timeout.Token);
            }
            catch (Exception e) when (e is IOException or SocketException or OperationCanceledException or EndOfStreamException)
            {
            }
        }
    }

    private static async Task RelayAsync(NetworkStream client, byte[] first, int port, CancellationToken ct)
    {
        using var backend = new TcpClient();
        await backend.ConnectAsync(IPAddress.Loopback, port, ct);
        var server = backend.GetStream();
        await server.WriteAsync(first, ct);
        var up = client.CopyToAsync(server, ct);
        var down = server.CopyToAsync(client, ct);
        await Task.WhenAny(up, down);
    }

    public async ValueTask DisposeAsync()
    {
        _stop.Cancel();
        _listener.Stop();
        await _accepting;
        _stop.Dispose();
    }
}
