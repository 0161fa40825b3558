using System.Security.Cryptography;
using TlsDoctor.Negotiation;
using TlsDoctor.Registry;

namespace TlsDoctor.Emulator;

/// <summary>
/// Answers a hello the policy accepts with a suite or version no available engine can complete (RC4, single DES,
/// export suites, SSL 3.0): ServerHello, Certificate, ServerHelloDone, then the caller closes. Scanners and
/// simulations then see the policy exactly as the load balancer answers it.
/// </summary>
internal static class HelloOnlyResponder
{
    private const byte HandshakeRecord = 22;

    public static ServerCertificate PickCertificate(ushort? suite, IReadOnlyList<ServerCertificate> certificates)
    {
        var info = suite is { } s ? CipherSuites.Find(s) : null;
        var wanted = info?.Auth == "ECDSA" ? CertificateKind.Ecdsa : CertificateKind.Rsa;
        return certificates.FirstOrDefault(c => c.Kind == wanted) ?? certificates[0];
    }

    public static byte[] Build(FirstFlight flight, HelloAnalysis analysis, ServerCertificate certificate)
    {
        var version = (analysis.Version ?? TlsVersion.Tls10).Value;
        var suite = analysis.Suite ?? throw new ArgumentException("an agreed analysis has a suite", nameof(analysis));

        // RFC 5246 7.4.1.3: struct { ProtocolVersion server_version; Random random; SessionID session_id;
        //   CipherSuite cipher_suite; CompressionMethod compression_method; } ServerHello (no extensions).
        var serverHello = new Builder();
        serverHello.UInt16(version);
        serverHello.Bytes(RandomNumberGenerator.GetBytes(32));
        using (serverHello.Vector8()) { }
        serverHello.UInt16(suite);
        serverHello.UInt8(0);

        // RFC 5246 7.4.2: opaque ASN.1Cert<1..2^24-1>; struct { ASN.1Cert certificate_list<0..2^24-1>; } Certificate.
        var certificateMessage = new Builder();
        using (certificateMessage.Vector24())
            foreach (var der in certificate.ChainDer)
                using (certificateMessage.Vector24())
                    certificateMessage.Bytes(der);

        var flightBytes = new Builder();
        Handshake(flightBytes, 2, serverHello.ToArray());          // server_hello
        Handshake(flightBytes, 11, certificateMessage.ToArray());  // certificate
        Handshake(flightBytes, 14, []);                            // server_hello_done

        // RFC 5246 6.2.1: fragment into records of at most 2^14 bytes.
        var handshakeBytes = flightBytes.ToArray();
        var records = new Builder();
        for (var offset = 0; offset < handshakeBytes.Length; offset += 16384)
        {
            records.UInt8(HandshakeRecord);
            records.UInt16(version);
            using (records.Vector16())
                records.Bytes(handshakeBytes.AsSpan(offset, Math.Min(16384, handshakeBytes.Length - offset)));
        }
        return records.ToArray();
    }

    // RFC 5246 7.4: struct { HandshakeType msg_type; uint24 length; body } Handshake.
    private static void Handshake(Builder w, byte type, byte[] body)
    {
        w.UInt8(type);
        using (w.Vector24()) w.Bytes(body);
    }

    /// <summary>A minimal big-endian writer whose length prefixes are back-patched scopes.</summary>
    private sealed class Builder
    {
        private readonly MemoryStream _out = new();

        public void UInt8(byte v) => _out.WriteByte(v);
        public void UInt16(ushort v) { _out.WriteByte((byte)(v >> 8)); _out.WriteByte((byte)v); }
        public void Bytes(ReadOnlySpan<byte> v) => _out.Write(v);
        public byte[] ToArray() => _out.ToArray();

        public IDisposable Vector8() => new Scope(this, 1);
        public IDisposable Vector16() => new Scope(this, 2);
        public IDisposable Vector24() => new Scope(this, 3);

        private sealed class Scope : IDisposable
        {
            private readonly Builder _w;
            private readonly int _width;
            private readonly long _start;

            public Scope(Builder w, int width)
            {
                _w = w;
                _width = width;
                for (var i = 0; i < width; i++) w._out.WriteByte(0);
                _start = w._out.Position;
            }

            public void Dispose()
            {
                var length = _w._out.Position - _start;
                if (length >= 1L << (8 * _width)) throw new InvalidOperationException($"vector of {length} bytes overflows its {_width}-byte length");
                var end = _w._out.Position;
                _w._out.Position = _start - _width;
                for (var i = _width - 1; i >= 0; i--) _w._out.WriteByte((byte)(length >> (8 * i)));
                _w._out.Position = end;
            }
        }
    }
}
