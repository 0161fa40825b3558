namespace TlsDoctor.Wire;

/// <summary>
/// RFC 8446 section 4: <c>struct { HandshakeType msg_type; uint24 length; select (msg_type) {…}; } Handshake;</c>
/// Reads the four-byte header and returns the body bounded by its length.
/// </summary>
public static class HandshakeHeader
{
    public const int Length = 4;

    public static DecodeError? TryRead(ref TlsReader r, HandshakeType expected, string message, out TlsReader body)
    {
        body = default;
        var at = r.Offset;
        if (!r.TryReadUInt8(out var type)) return DecodeError.Truncated(message, "handshake type", at);
        if (type != (byte)expected)
            return DecodeError.InvalidValue(message, "handshake type", at, $"expected {(byte)expected} ({expected}), found {type}");
        if (!r.TryReadUInt24(out var length)) return DecodeError.Truncated(message, "handshake length", at + 1);
        if (!r.TryReadReader(length, out body))
            return DecodeError.Truncated(message, "handshake body", at + 4);
        if (!r.IsEmpty) return DecodeError.TrailingBytes(message, "handshake body", r.Offset);
        return null;
    }
}
