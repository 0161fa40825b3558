using TlsDoctor.Registry;

namespace TlsDoctor.Tests.Registry;

public class RegistryLoadTests
{
    [Fact]
    public void Every_row_of_every_registry_loads()
    {
        Assert.Equal(384, CipherSuites.All.Count);
        Assert.Equal(73, Groups.All.Count);
        Assert.Equal(49, SignatureSchemes.All.Count);
        Assert.Equal(13, Sslv2CipherKinds.All.Count);
        Assert.True(Extensions.All.Count >= 75);
    }

    [Fact]
    public void The_named_alert_codes_are_the_registry_codes_of_their_names()
    {
        var constants = typeof(AlertDescriptions).GetFields().Where(f => f.IsLiteral).ToList();
        Assert.True(constants.Count >= 13);
        foreach (var field in constants)
        {
            var snake = string.Concat(field.Name.Select((c, i) => char.IsUpper(c) && i > 0 ? "_" + char.ToLowerInvariant(c) : char.ToLowerInvariant(c).ToString()));
            Assert.Equal(snake, AlertDescriptions.Describe((byte)field.GetValue(null)!));
        }
    }

    [Theory]
    [InlineData("0xC02F")]
    [InlineData("C0,2F")]
    [InlineData("c02f")]
    [InlineData("0xC0,0x2F")]
    [InlineData("ECDHE-RSA-AES128-GCM-SHA256")]
    [InlineData("tls_ecdhe_rsa_with_aes_128_gcm_sha256")]
    [InlineData("TLS_ECDHE_RSA_AES_128_GCM_SHA256")]
    public void A_suite_is_found_by_any_of_its_names_or_spellings_of_its_code(string key)
    {
        var suite = CipherSuites.Find(key);
        Assert.NotNull(suite);
        Assert.Equal(0xC02F, suite.Code);
        Assert.Equal("TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256", suite.IanaName);
    }

    [Fact]
    public void Unknown_and_grease_codes_are_described_not_thrown()
    {
        Assert.Equal("GREASE", CipherSuites.Describe(0x1A1A));
        Assert.Equal("unknown (0xABCD)", CipherSuites.Describe(0xABCD));
        Assert.Equal("x25519", Groups.Describe(0x001D));
        Assert.Equal("X25519MLKEM768", Groups.Find("x25519mlkem768")!.Name);
        Assert.Equal("secp256r1", Groups.Find("prime256v1")!.Name);
        Assert.Equal("rsa_pss_rsae_sha256", SignatureSchemes.Find("0x0804")!.Name);
    }

    [Theory]
    [InlineData("tls1", 0x0301)]
    [InlineData("TLSv1", 0x0301)]
    [InlineData("tls1_1", 0x0302)]
    [InlineData("TLSv1.2", 0x0303)]
    [InlineData("tls1.3", 0x0304)]
    [InlineData("SSLv3", 0x0300)]
    [InlineData("ssl2", 0x0002)]
    public void Protocol_aliases_parse(string text, int value)
    {
        Assert.True(TlsVersion.TryParse(text, out var v));
        Assert.Equal(value, v!.Value.Value);
    }
}
