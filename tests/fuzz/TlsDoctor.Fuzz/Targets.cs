using TlsDoctor.Negotiation;
using TlsDoctor.Registry;
using TlsDoctor.Wire;

namespace TlsDoctor.Fuzz;

/// <summary>One entry point per parser; each also re-encodes what decoded, which must not throw either.</summary>
public static class Targets
{
    public static void Record(ReadOnlyMemory<byte> input)
    {
        var result = RecordLayerReader.Read(input, maxHandshakeLength: 1 << 16);
        foreach (var message in result.Messages)
        {
            switch (message.Kind)
            {
                case TlsMessageKind.Handshake:
                    DecodeHandshake(message.Bytes);
                    break;
                case TlsMessageKind.Alert:
                    if (Alert.Decode(message.Bytes.Span).Value is { } alert) _ = alert.ToString();
                    break;
                case TlsMessageKind.Sslv2:
                    if (Sslv2ServerHello.Decode(message.Bytes).Value is { } v2s) _ = v2s.ToBytes();
                    if (Sslv2ClientHello.Decode(message.Bytes).Value is { } v2c) _ = v2c.ToClientOffer();
                    break;
            }
        }
    }

    public static void ClientHello(ReadOnlyMemory<byte> input)
    {
        var result = Wire.ClientHello.Decode(input);
        if (result.Value is not { } hello) return;
        var again = hello.ToBytes();
        if (!again.AsSpan().SequenceEqual(input.Span)) throw new InvalidOperationException("ClientHello re-encoding differs from its input");
        _ = hello.ToClientOffer();
        _ = hello.ServerName; _ = hello.Alpn; _ = hello.KeyShares; _ = hello.SupportedVersions; _ = hello.SignatureAlgorithmsCert;
    }

    public static void ServerHello(ReadOnlyMemory<byte> input)
    {
        var result = Wire.ServerHello.Decode(input);
        if (result.Value is not { } hello) return;
        var again = hello.ToBytes();
        if (!again.AsSpan().SequenceEqual(input.Span)) throw new InvalidOperationException("ServerHello re-encoding differs from its input");
        _ = hello.SelectedVersion; _ = hello.SelectedGroup; _ = hello.KeyShare; _ = hello.Alpn; _ = hello.DowngradeSentinel;
    }

    /// <summary>Whatever the first byte says: TLS records, a bare hello, or pasted hex through the hello decoder.</summary>
    public static void Any(ReadOnlyMemory<byte> input)
    {
        Record(input);
        ClientHello(input);
        ServerHello(input);
        DecodeHandshake(input);
        if (HelloDecoder.Decode(input).Value is { } decoded) _ = decoded.Type;
    }

    private static void DecodeHandshake(ReadOnlyMemory<byte> message)
    {
        if (message.Length == 0) return;
        switch ((HandshakeType)message.Span[0])
        {
            case HandshakeType.ClientHello: _ = Wire.ClientHello.Decode(message).Value?.ToBytes(); break;
            case HandshakeType.ServerHello: _ = Wire.ServerHello.Decode(message).Value?.ToBytes(); break;
            case HandshakeType.Certificate:
                if (CertificateMessage.Decode(message).Value is { } c) { _ = c.ToBytes(); foreach (var x in c.TryGetX509Chain().Value ?? []) x.Dispose(); }
                break;
            case HandshakeType.ServerKeyExchange:
                foreach (var kind in new[] { KeyExchangeKind.Ecdhe, KeyExchangeKind.Dhe, KeyExchangeKind.RsaExport })
                {
                    _ = ServerKeyExchange.Decode(message, kind, true).Value?.ToBytes();
                    _ = ServerKeyExchange.Decode(message, kind, false, signed: false, pskHint: true).Value?.DhPrimeBits;
                }
                break;
            case HandshakeType.CertificateRequest:
                _ = CertificateRequest.Decode(message, true).Value?.ToBytes();
                _ = CertificateRequest.Decode(message, false).Value?.ToBytes();
                break;
            case HandshakeType.ServerHelloDone: _ = ServerHelloDone.Decode(message.Span).Value; break;
        }
    }
}
