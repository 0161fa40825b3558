using TlsDoctor.Capture;

namespace TlsDoctor.Tests.Capture;

public class QuicInitialKeysTests
{
    /// <summary>RFC 9001 appendix A.1: client Initial keys for the Destination Connection ID 0x8394c8f03e515708.</summary>
    [Fact]
    public void Client_initial_keys_match_rfc9001_appendix_a()
    {
        var keys = QuicInitialKeys.ForClient(QuicInitialKeys.Version1, Convert.FromHexString("8394c8f03e515708"))!;
        Assert.Equal("1f369613dd76d5467730efcbe3b1a22d", Convert.ToHexStringLower(keys.Key));
        Assert.Equal("fa044b2f42a3fd3b46fb255c", Convert.ToHexStringLower(keys.Iv));
        Assert.Equal("9f50449e04a0e810283a1e9933adedd2", Convert.ToHexStringLower(keys.HeaderProtectionKey));
    }

    /// <summary>RFC 9369 appendix A.1: QUIC v2 client Initial keys for the same connection ID.</summary>
    [Fact]
    public void Client_initial_keys_match_rfc9369_appendix_a()
    {
        var keys = QuicInitialKeys.ForClient(QuicInitialKeys.Version2, Convert.FromHexString("8394c8f03e515708"))!;
        Assert.Equal("8b1a0bc121284290a29e0971b5cd045d", Convert.ToHexStringLower(keys.Key));
        Assert.Equal("91f73e2351d8fa91660e909f", Convert.ToHexStringLower(keys.Iv));
        Assert.Equal("45b95e15235d6f45a6b19cbcb0294ba9", Convert.ToHexStringLower(keys.HeaderProtectionKey));
    }

    [Fact]
    public void Unknown_versions_have_no_keys() =>
        Assert.Null(QuicInitialKeys.ForClient(0x0A0A0A0A, Convert.FromHexString("8394c8f03e515708")));

    [Theory]
    [InlineData("25", 37)]
    [InlineData("7bbd", 15293)]
    [InlineData("9d7f3e7d", 494878333)]
    [InlineData("c2197c5eff14e88c", 151288809941952652)]
    public void Varints_decode_as_in_rfc9000_appendix_a1(string hex, long value)
    {
        var offset = 0;
        Assert.True(QuicInitialPacket.TryReadVarint(Convert.FromHexString(hex), ref offset, out var v));
        Assert.Equal(value, v);
        Assert.Equal(hex.Length / 2, offset);
    }
}
