using System.Net;
using TlsDoctor.Wire;

namespace TlsDoctor.Capture;

/// <summary>
/// Reassembles the Initial crypto stream of each QUIC connection (keyed by client endpoint, server endpoint and the
/// client's Destination Connection ID) from CRYPTO frames that may be split, reordered or repeated across packets,
/// and hands out the ClientHello once it is whole. Bounded: at most 64 KiB of crypto data and
/// <see cref="MaxConnections"/> connections are kept.
/// </summary>
public sealed class QuicHelloTracker(string source, int maxHelloBytes = Wire.RecordAssembler.MaxHelloLength)
{
    public const int MaxConnections = 50_000;

    private sealed class Connection
    {
        public readonly List<QuicInitialPacket.CryptoFrame> Frames = [];
        public int Bytes;
        public bool Done;
    }

    private readonly Dictionary<(IPEndPoint, IPEndPoint, string), Connection> _connections = new();
    private readonly Dictionary<string, QuicInitialKeys?> _keys = new();

    public long DecryptedPackets { get; private set; }

    public void Add(in TransportSegment datagram, List<RawHello> output)
    {
        var span = datagram.Payload.Span;
        if (span.Length < 7 || (span[0] & 0xC0) != 0xC0) return;
        if (_keys.Count > MaxConnections) _keys.Clear();
        foreach (var packet in QuicInitialPacket.Read(span, _keys))
        {
            DecryptedPackets++;
            var key = (datagram.Source, datagram.Destination, Convert.ToHexString(packet.DestinationConnectionId));
            if (!_connections.TryGetValue(key, out var connection))
            {
                if (_connections.Count >= MaxConnections) _connections.Clear();
                connection = new Connection();
                _connections[key] = connection;
            }
            if (connection.Done) continue;
            foreach (var frame in packet.Frames)
            {
                if (frame.Offset + frame.Data.Length > maxHelloBytes + 4 || connection.Bytes + frame.Data.Length > 2 * (maxHelloBytes + 4))
                {
                    connection.Done = true;
                    break;
                }
                connection.Frames.Add(frame);
                connection.Bytes += frame.Data.Length;
            }
            if (connection.Done) continue;
            var hello = TryAssemble(connection.Frames);
            if (hello is null) continue;
            connection.Done = true;
            connection.Frames.Clear();
            output.Add(new RawHello(datagram.Time, datagram.Source, datagram.Destination, CaptureTransport.Quic, hello, null, null, source));
        }
    }

    /// <summary>The ClientHello when the crypto stream holds it contiguously from offset 0.</summary>
    private byte[]? TryAssemble(List<QuicInitialPacket.CryptoFrame> frames)
    {
        var ordered = frames.OrderBy(f => f.Offset).ToList();
        long contiguous = 0;
        foreach (var f in ordered)
        {
            if (f.Offset > contiguous) break;
            contiguous = Math.Max(contiguous, f.Offset + f.Data.Length);
        }
        if (contiguous < 4) return null;
        var stream = new byte[contiguous];
        foreach (var f in ordered)
        {
            if (f.Offset >= contiguous) break;
            var n = (int)Math.Min(f.Data.Length, contiguous - f.Offset);
            f.Data.AsSpan(0, n).CopyTo(stream.AsSpan((int)f.Offset));
        }
        var messages = new List<TlsMessage>(1);
        new RecordAssembler(maxHelloBytes).PushHandshake(stream, 0, messages);
        return messages.Count > 0 && messages[0].HandshakeType == HandshakeType.ClientHello ? messages[0].Bytes.ToArray() : null;
    }
}
