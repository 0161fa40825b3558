using System.Text.Json;
using TlsDoctor.Cli;
using TlsDoctor.IntegrationTests.Servers;
using TlsDoctor.Negotiation;

namespace TlsDoctor.IntegrationTests.Scanning;

/// <summary>The scan and probe commands end to end: JSON shape, exit codes, probe answers against openssl s_server.</summary>
public class ScanCliTests
{
    private static (int Exit, string Out, string Err) Run(params string[] args) => CliRunner.Run(args);

    [Fact]
    public async Task Scan_json_has_the_documented_shape_and_fail_on_sets_exit_1()
    {
        await using var server = await OpenSslServer.StartAsync(CertificateKind.Rsa, "-serverpref", "-tls1_2", "-cipher", "ECDHE-RSA-AES128-GCM-SHA256:AES128-SHA");
        var r = Run("scan", server.Endpoint, "--sni", "localhost", "--json");
        Assert.Equal(ExitCodes.Ok, r.Exit);
        using var doc = JsonDocument.Parse(r.Out);
        var root = doc.RootElement;
        Assert.Equal("tlsdoctor.scan/1", root.GetProperty("schema").GetString());
        var target = root.GetProperty("target");
        Assert.Equal("127.0.0.1", target.GetProperty("host").GetString());
        Assert.Equal(server.Port, target.GetProperty("port").GetInt32());
        Assert.Equal("127.0.0.1", target.GetProperty("ip").GetString());
        Assert.Equal("localhost", target.GetProperty("sni").GetString());
        var protocols = root.GetProperty("protocols").EnumerateArray().ToList();
        Assert.Equal(["SSLv2", "SSLv3", "TLSv1.0", "TLSv1.1", "TLSv1.2", "TLSv1.3"], protocols.Select(p => p.GetProperty("name").GetString()));
        var tls12 = protocols.Single(p => p.GetProperty("name").GetString() == "TLSv1.2");
        Assert.True(tls12.GetProperty("supported").GetBoolean());
        Assert.True(tls12.GetProperty("serverOrder").GetBoolean());
        var ciphers = tls12.GetProperty("ciphers").EnumerateArray().ToList();
        Assert.Equal(["0xC02F", "0x002F"], ciphers.Select(c => c.GetProperty("code").GetString()));
        Assert.Equal("TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256", ciphers[0].GetProperty("iana").GetString());
        Assert.Equal("ECDHE-RSA-AES128-GCM-SHA256", ciphers[0].GetProperty("openssl").GetString());
        Assert.Equal(128, ciphers[0].GetProperty("bits").GetInt32());
        Assert.True(ciphers[0].TryGetProperty("rating", out _));
        Assert.Contains(root.GetProperty("groups").EnumerateArray(), g => g.GetProperty("name").GetString() == "x25519" && g.GetProperty("code").GetString() == "0x001D");
        Assert.Equal(JsonValueKind.Array, root.GetProperty("signatureAlgorithms").ValueKind);
        Assert.Single(root.GetProperty("certificates").EnumerateArray());
        var finding = root.GetProperty("findings").EnumerateArray().First();
        Assert.True(finding.TryGetProperty("id", out _) && finding.TryGetProperty("severity", out _) && finding.TryGetProperty("text", out _));
        Assert.True(root.GetProperty("stats").GetProperty("handshakes").GetInt32() > 0);
        Assert.True(root.GetProperty("stats").TryGetProperty("durationMs", out _));
        Assert.Equal(JsonValueKind.Array, root.GetProperty("policyMatches").ValueKind);

        // AES128-SHA has no forward secrecy: a "low" finding.
        Assert.Equal(ExitCodes.Findings, Run("scan", server.Endpoint, "--fail-on", "low").Exit);
        Assert.Equal(ExitCodes.Ok, Run("scan", server.Endpoint, "--fail-on", "critical").Exit);
    }

    [Fact]
    public async Task Probe_reports_the_negotiated_parameters_or_the_exact_alert()
    {
        await using var server = await OpenSslServer.StartAsync(CertificateKind.Rsa, "-tls1_2", "-cipher", "ECDHE-RSA-AES256-GCM-SHA384:AES128-SHA", "-groups", "secp384r1");
        var ok = Run("probe", server.Endpoint, "--protocol", "tls1.2", "--cipher", "ECDHE-RSA-AES256-GCM-SHA384", "--json");
        Assert.Equal(ExitCodes.Ok, ok.Exit);
        using (var doc = JsonDocument.Parse(ok.Out))
        {
            var negotiated = doc.RootElement.GetProperty("negotiated");
            Assert.Equal("TLSv1.2", negotiated.GetProperty("protocol").GetString());
            Assert.Equal("0xC030", negotiated.GetProperty("cipher").GetProperty("code").GetString());
            Assert.Equal("secp384r1", negotiated.GetProperty("group").GetProperty("name").GetString());
            Assert.Equal("RSA", doc.RootElement.GetProperty("certificate").GetProperty("keyType").GetString());
        }
        var refused = Run("probe", server.Endpoint, "--protocol", "tls1.2", "--cipher", "AES256-SHA");
        Assert.Equal(ExitCodes.Findings, refused.Exit);
        Assert.Contains("handshake_failure(40)", refused.Out);
        var version = Run("probe", server.Endpoint, "--protocol", "tls1.3");
        Assert.Contains("protocol_version(70)", version.Out);
    }
}
