namespace TlsDoctor.Emulator;

/// <summary>What a client sent before the server said anything: its ClientHello, as read off the socket.</summary>
public sealed record FirstFlight
{
    public required FirstFlightKind Kind { get; init; }

    /// <summary>Every byte read so far, replayed into the TLS engine unchanged.</summary>
    public required ReadOnlyMemory<byte> Raw { get; init; }

    /// <summary>The ClientHello handshake message (4-byte header included) reassembled from the records; empty unless <see cref="Kind"/> is Tls.</summary>
    public ReadOnlyMemory<byte> ClientHello { get; init; }

    /// <summary>For SSLv2-framed hellos (RFC 5246 E.2): the record body after the 2-byte header.</summary>
    public ReadOnlyMemory<byte> Sslv2Hello { get; init; }

    /// <summary>Why reading stopped, for the log: "closed after 0 bytes", "record type 0x17", … .</summary>
    public string? Problem { get; init; }
}
