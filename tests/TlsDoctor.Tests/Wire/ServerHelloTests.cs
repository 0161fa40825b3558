using TlsDoctor.Registry;
using TlsDoctor.Wire;

namespace TlsDoctor.Tests.Wire;

public class ServerHelloTests
{
    // A TLS 1.3 HelloRetryRequest asking for secp256r1, field by field (RFC 8446 4.1.3, 4.1.4, 4.2.1, 4.2.8).
    private const string HelloRetryRequestHex =
        "02" + "000034" +                       // handshake: server_hello, 52 bytes
        "0303" +                                // legacy_version TLS 1.2
        "cf21ad74e59a6111be1d8c021e65b891c2a211167abb8c5e079e09e2c8a8339c" + // SHA-256("HelloRetryRequest")
        "00" +                                  // empty legacy_session_id_echo
        "1301" +                                // TLS_AES_128_GCM_SHA256
        "00" +                                  // null compression
        "000c" +                                // 12 bytes of extensions
        "002b00020304" +                        // supported_versions: TLS 1.3
        "003300020017";                         // key_share: selected_group secp256r1

    [Fact]
    public void HelloRetryRequest_is_recognised_by_its_random()
    {
        var hello = ServerHello.Decode(Convert.FromHexString(HelloRetryRequestHex)).GetValueOrThrow();
        Assert.True(hello.IsHelloRetryRequest);
        Assert.Equal(TlsVersion.Tls13, hello.SelectedVersion);
        Assert.Equal((ushort)0x0017, hello.SelectedGroup);
        Assert.Null(hello.KeyShare);
        Assert.Empty(hello.Anomalies);
        Assert.Equal(HelloRetryRequestHex, Convert.ToHexStringLower(hello.ToBytes()));
    }

    [Fact]
    public void Tls12_server_hello_with_downgrade_sentinel_is_flagged()
    {
        var random = new byte[32];
        "DOWNGRD\u0001"u8.CopyTo(random.AsSpan(24));
        var hello = new ServerHello { LegacyVersion = 0x0303, Random = random, CipherSuite = 0xC02F, Extensions = null };
        var decoded = ServerHello.Decode(hello.ToBytes()).GetValueOrThrow();
        Assert.Equal(DowngradeSentinel.Tls12, decoded.DowngradeSentinel);
        Assert.Contains(decoded.Anomalies, a => a.Kind == AnomalyKind.DowngradeSentinel);
        Assert.Equal(TlsVersion.Tls12, decoded.SelectedVersion);
        Assert.Null(decoded.Extensions);
    }

    [Fact]
    public void Every_strict_prefix_is_truncated()
    {
        var bytes = Convert.FromHexString(HelloRetryRequestHex);
        for (var n = 0; n < bytes.Length; n++)
            Assert.Equal(DecodeErrorKind.Truncated, ServerHello.Decode(bytes.AsSpan(0, n)).Error!.Kind);
    }
}
