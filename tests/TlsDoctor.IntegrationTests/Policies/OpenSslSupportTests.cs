using TlsDoctor.IntegrationTests.Servers;
using TlsDoctor.Policies;
using TlsDoctor.Registry;

namespace TlsDoctor.IntegrationTests.Policies;

/// <summary>data/export/openssl-3.0.json (what exports can enforce) against the installed openssl.</summary>
public class OpenSslSupportTests
{
    [Fact]
    public async Task The_suite_table_equals_what_the_installed_openssl_can_select()
    {
        var result = await ProcessRunner.RunAsync("openssl", ["ciphers", "-V", "ALL:COMPLEMENTOFALL:@SECLEVEL=0"], TimeSpan.FromSeconds(10));
        var codes = result.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(line => line.Trim().Split(' ')[0])
            .Select(hex => (ushort)(Convert.ToByte(hex.Split(',')[0], 16) << 8 | Convert.ToByte(hex.Split(',')[1], 16)))
            .ToHashSet();
        Assert.NotEmpty(codes);
        foreach (var s in CipherSuites.All.Where(s => !s.IsTls13))
            Assert.True(codes.Contains(s.Code) == OpenSslSupport.CanEnforceSuite(s.Code), $"{s.Name}: openssl {(codes.Contains(s.Code) ? "has" : "lacks")} it");
    }

    [Theory]
    [InlineData("X25519MLKEM768")]
    [InlineData("X25519")]
    [InlineData("secp384r1")]
    [InlineData("ffdhe2048")]
    public async Task The_group_table_matches_what_s_server_accepts(string group)
    {
        var code = Groups.Find(group)!.Code;
        var name = Groups.Find(group)!.OpenSslName!;
        await using var server = await TryStart(name);
        Assert.Equal(OpenSslSupport.KnowsGroup(code), server is not null);
    }

    private static async Task<ServerProcess?> TryStart(string group)
    {
        try { return await OpenSslServer.StartAsync(TlsDoctor.Negotiation.CertificateKind.Rsa, "-groups", group); }
        catch (Exception) { return null; }
    }
}
