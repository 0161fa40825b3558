namespace TlsDoctor.Capture;

/// <summary>How a ClientHello travelled: TLS over TCP, or in QUIC Initial packets (RFC 9001 section 4).</summary>
public enum CaptureTransport
{
    Tcp,
    Quic,
}
