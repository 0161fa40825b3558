using System.Text;
using TlsDoctor.Registry;

namespace TlsDoctor.Wire;

/// <summary>
/// Typed views of extension bodies: each <c>TryRead…</c> reads the body of one extension type and
/// returns false when it does not frame exactly (leftover bytes included); each <c>Encode…</c> writes
/// a body that the matching reader reads back. The structures quoted are from the cited RFCs.
/// </summary>
public static class ExtensionCodec
{
    // RFC 6066 section 3: struct { NameType name_type; select (name_type) { case host_name: HostName; } name; } ServerName;
    // ServerNameList: ServerName server_name_list<1..2^16-1>; HostName: opaque <1..2^16-1>.
    public static bool TryReadServerName(ReadOnlySpan<byte> data, out string? hostName)
    {
        hostName = null;
        var r = new TlsReader(data);
        if (data.Length == 0) return true; // a server's empty acknowledgement (RFC 6066 section 3)
        if (!r.TryReadVector16(out TlsReader list) || !r.IsEmpty) return false;
        while (!list.IsEmpty)
        {
            if (!list.TryReadUInt8(out var type) || !list.TryReadVector16(out ReadOnlySpan<byte> name)) return false;
            if (type == 0 && hostName is null) hostName = Encoding.ASCII.GetString(name);
        }
        return true;
    }

    public static byte[] EncodeServerName(string hostName)
    {
        var w = new TlsWriter(hostName.Length + 8);
        using (w.Vector16())
        {
            w.WriteUInt8(0); // host_name
            using (w.Vector16()) w.WriteBytes(Encoding.ASCII.GetBytes(hostName));
        }
        return w.ToArray();
    }

    /// <summary>A list of 16-bit values with a 16-bit byte length (supported_groups, signature_algorithms(_cert)).</summary>
    public static bool TryReadUInt16List16(ReadOnlySpan<byte> data, out ushort[] values) => TryReadUInt16List(data, 2, out values);

    /// <summary>A list of 16-bit values with an 8-bit byte length (supported_versions in a ClientHello).</summary>
    public static bool TryReadUInt16List8(ReadOnlySpan<byte> data, out ushort[] values) => TryReadUInt16List(data, 1, out values);

    private static bool TryReadUInt16List(ReadOnlySpan<byte> data, int lengthWidth, out ushort[] values)
    {
        values = [];
        var r = new TlsReader(data);
        TlsReader list;
        var ok = lengthWidth == 1 ? r.TryReadVector8(out list) : r.TryReadVector16(out list);
        if (!ok || !r.IsEmpty || list.Remaining % 2 != 0) return false;
        values = new ushort[list.Remaining / 2];
        for (var i = 0; i < values.Length; i++) list.TryReadUInt16(out values[i]);
        return true;
    }

    public static byte[] EncodeUInt16List16(IEnumerable<ushort> values)
    {
        var w = new TlsWriter();
        using (w.Vector16()) foreach (var v in values) w.WriteUInt16(v);
        return w.ToArray();
    }

    public static byte[] EncodeUInt16List8(IEnumerable<ushort> values)
    {
        var w = new TlsWriter();
        using (w.Vector8()) foreach (var v in values) w.WriteUInt16(v);
        return w.ToArray();
    }

    /// <summary>A list of bytes with an 8-bit length (ec_point_formats RFC 8422 5.1.2, psk_key_exchange_modes RFC 8446 4.2.9).</summary>
    public static bool TryReadUInt8List8(ReadOnlySpan<byte> data, out byte[] values)
    {
        values = [];
        var r = new TlsReader(data);
        if (!r.TryReadVector8(out ReadOnlySpan<byte> list) || !r.IsEmpty) return false;
        values = list.ToArray();
        return true;
    }

    public static byte[] EncodeUInt8List8(IEnumerable<byte> values)
    {
        var w = new TlsWriter();
        using (w.Vector8()) foreach (var v in values) w.WriteUInt8(v);
        return w.ToArray();
    }

    // RFC 7301 section 3.1: ProtocolName protocol_name_list<2..2^16-1>; opaque ProtocolName<1..2^8-1>.
    public static bool TryReadAlpn(ReadOnlySpan<byte> data, out string[] protocols)
    {
        protocols = [];
        var r = new TlsReader(data);
        if (!r.TryReadVector16(out TlsReader list) || !r.IsEmpty) return false;
        var result = new List<string>();
        while (!list.IsEmpty)
        {
            if (!list.TryReadVector8(out ReadOnlySpan<byte> name)) return false;
            result.Add(Encoding.ASCII.GetString(name));
        }
        protocols = result.ToArray();
        return true;
    }

    public static byte[] EncodeAlpn(IEnumerable<string> protocols)
    {
        var w = new TlsWriter();
        using (w.Vector16())
            foreach (var p in protocols)
                using (w.Vector8()) w.WriteBytes(Encoding.ASCII.GetBytes(p));
        return w.ToArray();
    }

    // RFC 8446 section 4.2.8: struct { KeyShareEntry client_shares<0..2^16-1>; } KeyShareClientHello;
    public static bool TryReadClientKeyShares(ReadOnlyMemory<byte> data, out KeyShareEntry[] shares)
    {
        shares = [];
        var r = new TlsReader(data.Span);
        if (!r.TryReadVector16(out TlsReader list) || !r.IsEmpty) return false;
        var result = new List<KeyShareEntry>();
        while (!list.IsEmpty)
        {
            if (!list.TryReadUInt16(out var group) || !list.TryReadUInt16(out var length)) return false;
            var start = list.Offset;
            if (!list.TryReadBytes(length, out _)) return false;
            result.Add(new KeyShareEntry(group, data.Slice(start, length)));
        }
        shares = result.ToArray();
        return true;
    }

    public static byte[] EncodeClientKeyShares(IEnumerable<KeyShareEntry> shares)
    {
        var w = new TlsWriter(1024);
        using (w.Vector16())
            foreach (var s in shares)
            {
                w.WriteUInt16(s.Group);
                w.WriteVector16(s.KeyExchange.Span);
            }
        return w.ToArray();
    }

    // RFC 8446 section 4.2.8: struct { KeyShareEntry server_share; } KeyShareServerHello;
    public static bool TryReadServerKeyShare(ReadOnlyMemory<byte> data, out KeyShareEntry share)
    {
        share = default;
        var r = new TlsReader(data.Span);
        if (!r.TryReadUInt16(out var group) || !r.TryReadUInt16(out var length)) return false;
        var start = r.Offset;
        if (!r.TryReadBytes(length, out _) || !r.IsEmpty) return false;
        share = new KeyShareEntry(group, data.Slice(start, length));
        return true;
    }

    public static byte[] EncodeServerKeyShare(KeyShareEntry share)
    {
        var w = new TlsWriter();
        w.WriteUInt16(share.Group);
        w.WriteVector16(share.KeyExchange.Span);
        return w.ToArray();
    }

    /// <summary>A body that is exactly one 16-bit value (HelloRetryRequest key_share selected_group; ServerHello supported_versions).</summary>
    public static bool TryReadSingleUInt16(ReadOnlySpan<byte> data, out ushort value)
    {
        value = 0;
        var r = new TlsReader(data);
        return r.TryReadUInt16(out value) && r.IsEmpty;
    }

    public static byte[] EncodeSingleUInt16(ushort value) => [(byte)(value >> 8), (byte)value];

    // RFC 5746 section 3.2: opaque renegotiated_connection<0..255>;
    public static bool TryReadRenegotiationInfo(ReadOnlySpan<byte> data, out ReadOnlySpan<byte> renegotiatedConnection)
    {
        var r = new TlsReader(data);
        return r.TryReadVector8(out renegotiatedConnection) & r.IsEmpty;
    }

    // RFC 6066 section 8: struct { CertificateStatusType status_type = ocsp(1); OCSPStatusRequest; } with two empty lists.
    public static byte[] EncodeStatusRequestOcsp() => [1, 0, 0, 0, 0];

    // RFC 6520 section 2: enum { peer_allowed_to_send(1), peer_not_allowed_to_send(2) } HeartbeatMode;
    public static byte[] EncodeHeartbeat(byte mode = 1) => [mode];

    /// <summary>
    /// Checks without allocating that a known extension's body frames exactly as its RFC says (no leftover bytes,
    /// whole elements); true for types without a rule here.
    /// </summary>
    public static bool Frames(ushort type, ReadOnlySpan<byte> data, HandshakeType message)
    {
        var client = message == HandshakeType.ClientHello;
        return type switch
        {
            ExtensionType.ServerName => data.Length == 0 || WalkVector16(data, static (ref TlsReader e) => e.TryReadUInt8(out _) && e.TryReadVector16(out ReadOnlySpan<byte> _)),
            ExtensionType.SupportedGroups or ExtensionType.SignatureAlgorithms or ExtensionType.SignatureAlgorithmsCert => FixedList(data, 2, 2),
            ExtensionType.EcPointFormats or ExtensionType.PskKeyExchangeModes => FixedList(data, 1, 1),
            ExtensionType.ApplicationLayerProtocolNegotiation => WalkVector16(data, static (ref TlsReader e) => e.TryReadVector8(out ReadOnlySpan<byte> _)),
            ExtensionType.SupportedVersions => client ? FixedList(data, 1, 2) : data.Length == 2,
            ExtensionType.KeyShare => client
                ? WalkVector16(data, static (ref TlsReader e) => e.TryReadUInt16(out _) && e.TryReadVector16(out ReadOnlySpan<byte> _))
                : data.Length == 2 || ServerShareFrames(data),
            ExtensionType.RenegotiationInfo => data.Length >= 1 && data[0] == data.Length - 1,
            ExtensionType.ExtendedMasterSecret or ExtensionType.EncryptThenMac => data.Length == 0,
            ExtensionType.Heartbeat => data.Length == 1,
            _ => true,
        };
    }

    /// <summary>Null when <see cref="Frames"/> accepts the body, otherwise a short description of the fault.</summary>
    public static string? Validate(ushort type, ReadOnlyMemory<byte> data, HandshakeType message) =>
        Frames(type, data.Span, message) ? null : $"{Extensions.Describe(type)} extension body does not match its structure";

    private delegate bool ElementReader(ref TlsReader reader);

    private static bool WalkVector16(ReadOnlySpan<byte> data, ElementReader element)
    {
        var r = new TlsReader(data);
        if (!r.TryReadVector16(out TlsReader list) || !r.IsEmpty) return false;
        while (!list.IsEmpty) if (!element(ref list)) return false;
        return true;
    }

    private static bool FixedList(ReadOnlySpan<byte> data, int lengthWidth, int elementSize)
    {
        if (data.Length < lengthWidth) return false;
        var length = lengthWidth == 1 ? data[0] : data[0] << 8 | data[1];
        return length == data.Length - lengthWidth && length % elementSize == 0;
    }

    private static bool ServerShareFrames(ReadOnlySpan<byte> data)
    {
        var r = new TlsReader(data);
        return r.TryReadUInt16(out _) && r.TryReadVector16(out ReadOnlySpan<byte> _) && r.IsEmpty;
    }
}
