namespace TlsDoctor.Wire;

/// <summary>What a <see cref="TlsMessage"/> read by <see cref="RecordLayerReader"/> carries.</summary>
public enum TlsMessageKind
{
    /// <summary>A complete handshake message (header included), reassembled across or split within records.</summary>
    Handshake,
    /// <summary>A two-byte alert (RFC 8446 6).</summary>
    Alert,
    ChangeCipherSpec,
    /// <summary>An application_data record (in TLS 1.3 also every encrypted handshake record).</summary>
    ApplicationData,
    Heartbeat,
    /// <summary>A handshake or alert record that follows the peer's ChangeCipherSpec, so its fragment is protected.</summary>
    Encrypted,
    /// <summary>A whole SSL 2.0 record (2- or 3-byte header included), e.g. an SSLv2 SERVER-HELLO.</summary>
    Sslv2,
}
