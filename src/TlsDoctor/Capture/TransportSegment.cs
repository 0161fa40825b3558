using System.Net;

namespace TlsDoctor.Capture;

/// <summary>
/// A TCP segment or UDP datagram taken out of a captured frame: addresses, ports and payload.
/// <see cref="Payload"/> may point into the reader's reusable buffer.
/// </summary>
public readonly record struct TransportSegment(
    DateTimeOffset Time,
    IPEndPoint Source,
    IPEndPoint Destination,
    bool IsTcp,
    uint Sequence,
    byte TcpFlags,
    ReadOnlyMemory<byte> Payload)
{
    public const byte Fin = 0x01, Syn = 0x02, Rst = 0x04;
    public bool IsSyn => (TcpFlags & Syn) != 0;
    public bool IsFin => (TcpFlags & Fin) != 0;
    public bool IsRst => (TcpFlags & Rst) != 0;
}
