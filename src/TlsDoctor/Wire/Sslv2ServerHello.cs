using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace TlsDoctor.Wire;

/// <summary>
/// The SSL 2.0 SERVER-HELLO (draft-hickman-netscape-ssl-00 appendix):
/// <code>
/// uint8  msg_type = 4; uint8 session_id_hit; uint8 certificate_type; uint16 server_version;
/// uint16 certificate_length; uint16 cipher_specs_length; uint16 connection_id_length;
/// opaque certificate[certificate_length]; V2CipherSpec cipher_specs[cipher_specs_length/3]; opaque connection_id[connection_id_length];
/// </code>
/// </summary>
public sealed record Sslv2ServerHello
{
    private const string Name = "SSLv2 SERVER-HELLO";

    public byte SessionIdHit { get; init; }
    /// <summary>1 = X.509 certificate.</summary>
    public byte CertificateType { get; init; }
    public required ushort Version { get; init; }
    public ReadOnlyMemory<byte> Certificate { get; init; }
    public required IReadOnlyList<uint> CipherSpecs { get; init; }
    public ReadOnlyMemory<byte> ConnectionId { get; init; }
    public ReadOnlyMemory<byte>? RawBytes { get; init; }

    public static DecodeResult<Sslv2ServerHello> Decode(ReadOnlyMemory<byte> record, int origin = 0)
    {
        var r = new TlsReader(record.Span, origin);
        if (!r.TryReadUInt16(out var header)) return DecodeError.Truncated(Name, "record header", origin);
        if ((header & 0x8000) == 0) return DecodeError.InvalidValue(Name, "record header", origin, "not a 2-byte SSL 2.0 header");
        if (!r.TryReadReader(header & 0x7FFF, out var body)) return DecodeError.Truncated(Name, "record body", origin + 2);
        if (!r.IsEmpty) return DecodeError.TrailingBytes(Name, "record body", r.Offset);
        var at = body.Offset;
        if (!body.TryReadUInt8(out var type)) return DecodeError.Truncated(Name, "msg_type", at);
        if (type != 4) return DecodeError.InvalidValue(Name, "msg_type", at, $"expected 4 (SERVER-HELLO), found {type}");
        if (!body.TryReadUInt8(out var hit) || !body.TryReadUInt8(out var certType) || !body.TryReadUInt16(out var version) ||
            !body.TryReadUInt16(out var certLength) || !body.TryReadUInt16(out var specLength) || !body.TryReadUInt16(out var connLength))
            return DecodeError.Truncated(Name, "header fields", body.Offset);
        if (specLength % 3 != 0) return DecodeError.InvalidLength(Name, "cipher_specs_length", at + 7, $"{specLength} is not a multiple of 3");
        at = body.Offset;
        if (!body.TryReadBytes(certLength, out _)) return DecodeError.Truncated(Name, "certificate", at);
        var certificate = record.Slice(at - origin, certLength);
        at = body.Offset;
        if (!body.TryReadReader(specLength, out var specs)) return DecodeError.Truncated(Name, "cipher_specs", at);
        var list = new uint[specLength / 3];
        for (var i = 0; i < list.Length; i++) { specs.TryReadUInt24(out var v); list[i] = (uint)v; }
        at = body.Offset;
        if (!body.TryReadBytes(connLength, out _)) return DecodeError.Truncated(Name, "connection_id", at);
        var connectionId = record.Slice(at - origin, connLength);
        if (!body.IsEmpty) return DecodeError.TrailingBytes(Name, "connection_id", body.Offset);
        return new Sslv2ServerHello
        {
            SessionIdHit = hit, CertificateType = certType, Version = version, Certificate = certificate,
            CipherSpecs = list, ConnectionId = connectionId, RawBytes = record,
        };
    }

    public void Encode(TlsWriter w)
    {
        var length = 11 + Certificate.Length + 3 * CipherSpecs.Count + ConnectionId.Length;
        if (length > 0x7FFF) throw new InvalidOperationException("SSLv2 SERVER-HELLO longer than 32767 bytes");
        w.WriteUInt16((ushort)(0x8000 | length));
        w.WriteUInt8(4);
        w.WriteUInt8(SessionIdHit);
        w.WriteUInt8(CertificateType);
        w.WriteUInt16(Version);
        w.WriteUInt16((ushort)Certificate.Length);
        w.WriteUInt16((ushort)(3 * CipherSpecs.Count));
        w.WriteUInt16((ushort)ConnectionId.Length);
        w.WriteBytes(Certificate.Span);
        foreach (var s in CipherSpecs) w.WriteUInt24((int)s);
        w.WriteBytes(ConnectionId.Span);
    }

    public byte[] ToBytes()
    {
        var w = new TlsWriter(1024);
        Encode(w);
        return w.ToArray();
    }

    /// <summary>The server certificate parsed as X.509, or an error when it is not valid DER.</summary>
    public DecodeResult<X509Certificate2> TryGetCertificate()
    {
        try { return X509CertificateLoader.LoadCertificate(Certificate.Span); }
        catch (CryptographicException e) { return DecodeError.InvalidValue(Name, "certificate", 0, e.Message); }
    }
}
