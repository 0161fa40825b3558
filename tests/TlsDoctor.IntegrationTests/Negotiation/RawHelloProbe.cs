using System.Net.Sockets;
using TlsDoctor.Negotiation;
using TlsDoctor.Registry;
using TlsDoctor.Wire;

namespace TlsDoctor.IntegrationTests.Negotiation;

/// <summary>What a server answered to one ClientHello: its ServerHello (or HelloRetryRequest), an alert, or nothing.</summary>
public sealed record RawAnswer(ServerHello? Hello, byte? Alert, string Failure)
{
    public bool Agreed => Hello is not null;
}

/// <summary>
/// Sends the project's own ClientHello for a <see cref="ClientOffer"/> (built by <see cref="ClientHelloBuilder"/>) and
/// reads the server's first answer. Every decision the simulator models (version, suite, certificate, group,
/// signature scheme) is taken by the server before it sends ServerHello, so the first answer settles each case.
/// </summary>
public static class RawHelloProbe
{
    public static ClientHello BuildHello(ClientOffer offer)
    {
        var builder = new ClientHelloBuilder
        {
            Versions = offer.Versions.Where(v => v.IsKnown && v != TlsVersion.SSLv2).ToList(),
            CipherSuites = offer.CipherSuites.ToList(),
            Groups = offer.Groups.ToList(),
            // The simulator assumes a share for the first TLS 1.3 group when a profile lists none.
            KeyShareGroups = offer.KeyShares.Count > 0 ? offer.KeyShares.ToList()
                : offer.Groups.Where(g => Groups.Find(g)?.AllowedInTls13 == true).Take(1).ToList(),
            SignatureAlgorithms = offer.SignatureAlgorithms.ToList(),
            EcPointFormats = offer.EcPointFormats.Count > 0 ? offer.EcPointFormats.ToList() : null,
            RenegotiationInfo = true,
            Random = RandomSource.FromSeed(1),
        };
        return builder.Build();
    }

    public static async Task<RawAnswer> SendAsync(int port, ClientOffer offer, TimeSpan timeout)
    {
        var record = BuildHello(offer).ToRecord();
        using var cts = new CancellationTokenSource(timeout);
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true, LingerState = new LingerOption(true, 0) };
        await socket.ConnectAsync("127.0.0.1", port, cts.Token);
        await socket.SendAsync(record, SocketFlags.None, cts.Token);
        var buffer = new byte[64 * 1024];
        var filled = 0;
        try
        {
            while (filled < buffer.Length)
            {
                var n = await socket.ReceiveAsync(buffer.AsMemory(filled), SocketFlags.None, cts.Token);
                if (n == 0) return new RawAnswer(null, null, "connection closed without an answer");
                filled += n;
                var read = RecordLayerReader.Read(buffer.AsMemory(0, filled));
                if (read.FindHandshake(HandshakeType.ServerHello) is { } sh)
                {
                    var decoded = ServerHello.Decode(sh.Bytes);
                    return decoded.IsSuccess ? new RawAnswer(decoded.Value, null, "") : new RawAnswer(null, null, "undecodable ServerHello: " + decoded.Error);
                }
                if (read.FirstAlert is { } alert && alert.Bytes.Length >= 2) return new RawAnswer(null, alert.Bytes.Span[1], "alert");
                if (read.Status == RecordReadStatus.Error) return new RawAnswer(null, null, "not TLS: " + read.Error);
            }
        }
        catch (SocketException e) { return new RawAnswer(null, null, "socket: " + e.SocketErrorCode); }
        return new RawAnswer(null, null, "answer too large");
    }
}
