namespace TlsDoctor.Wire;

/// <summary>RFC 5246 section 7.4.5: <c>struct { } ServerHelloDone;</c> (an empty body).</summary>
public sealed record ServerHelloDone
{
    private const string Name = "ServerHelloDone";

    public static DecodeResult<ServerHelloDone> Decode(ReadOnlySpan<byte> message, int origin = 0)
    {
        var r = new TlsReader(message, origin);
        if (HandshakeHeader.TryRead(ref r, HandshakeType.ServerHelloDone, Name, out var body) is { } headerError) return headerError;
        if (!body.IsEmpty) return DecodeError.TrailingBytes(Name, "body", body.Offset);
        return new ServerHelloDone();
    }

    public void Encode(TlsWriter w)
    {
        w.WriteUInt8((byte)HandshakeType.ServerHelloDone);
        w.WriteUInt24(0);
    }

    public byte[] ToBytes() => [(byte)HandshakeType.ServerHelloDone, 0, 0, 0];
}
