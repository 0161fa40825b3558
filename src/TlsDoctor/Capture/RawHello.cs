using System.Net;

namespace TlsDoctor.Capture;

/// <summary>
/// One observed ClientHello (or one connection that failed to deliver one), before decoding:
/// when, between which endpoints, over which transport, and the handshake message bytes.
/// </summary>
/// <param name="HandshakeMessage">The ClientHello handshake message (msg_type, uint24 length, body); null when malformed.</param>
/// <param name="Malformed">Why no ClientHello could be read (not TLS, oversized, timed out, …); null for a hello.</param>
/// <param name="FirstBytes">For malformed input: the first bytes the peer sent (at most 64).</param>
/// <param name="Source">"listener" or the capture file name.</param>
public sealed record RawHello(
    DateTimeOffset Time,
    IPEndPoint Client,
    IPEndPoint Server,
    CaptureTransport Transport,
    byte[]? HandshakeMessage,
    string? Malformed,
    byte[]? FirstBytes,
    string Source);
