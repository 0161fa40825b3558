using System.Text.Json;
using TlsDoctor.Cli;

namespace TlsDoctor.Tests.Wire;

public class HelloCommandTests
{
    private static (int Code, string Out, string Err) Run(params string[] args) => CliRunner.Run(args);

    [Fact]
    public void Json_has_the_documented_fields_in_wire_order()
    {
        var (_, record) = Fixtures.HexLines("captured-client-hellos.txt").Single(x => x.Id == "curl");
        var (code, output, _) = Run("hello", "decode", "--json", Convert.ToHexStringLower(record));
        Assert.Equal(0, code);
        using var doc = JsonDocument.Parse(output);
        var root = doc.RootElement;
        Assert.Equal("ClientHello", root.GetProperty("type").GetString());
        Assert.Equal("0x0303", root.GetProperty("legacyVersion").GetProperty("code").GetString());
        Assert.Equal("test.example", root.GetProperty("serverName").GetString());
        // Ground truth for the order: the extension types of the record, read independently below.
        var expected = ExtensionTypesByHand(record);
        Assert.Equal(expected, root.GetProperty("extensions").EnumerateArray().Select(e => e.GetProperty("code").GetString()));
        Assert.Contains(root.GetProperty("keyShares").EnumerateArray(), k => k.GetProperty("code").GetString() == "0x001D" && k.GetProperty("name").GetString() == "x25519");
        Assert.Equal(["h2", "http/1.1"], root.GetProperty("alpn").EnumerateArray().Select(a => a.GetString()));
        foreach (var field in new[] { "cipherSuites", "supportedVersions", "supportedGroups", "signatureAlgorithms" })
            Assert.All(root.GetProperty(field).EnumerateArray(), e =>
            {
                Assert.Matches("^0x[0-9A-F]{4}$", e.GetProperty("code").GetString());
                Assert.False(string.IsNullOrEmpty(e.GetProperty("name").GetString()));
            });
    }

    [Fact]
    public void Malformed_input_exits_2_naming_field_and_offset()
    {
        var (code, output, error) = Run("hello", "decode", "1603010010010000ff0303");
        Assert.Equal(2, code);
        Assert.Empty(output);
        Assert.Contains("offset", error);
        Assert.DoesNotContain("Exception", error);
    }

    [Fact]
    public void Not_hex_exits_2() => Assert.Equal(2, Run("hello", "decode", "hello-world").Code);

    [Fact]
    public void Text_output_names_suites()
    {
        var (_, record) = Fixtures.HexLines("captured-client-hellos.txt").Single(x => x.Id == "openssl-s_client-tls1_2");
        var (code, output, _) = Run("hello", "decode", Convert.ToHexStringLower(record));
        Assert.Equal(0, code);
        Assert.Contains("TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384", output);
        Assert.Contains("test.example", output);
    }

    /// <summary>Walks the record with plain index arithmetic (no codec) to list extension codes in order.</summary>
    private static List<string> ExtensionTypesByHand(byte[] record)
    {
        var i = 5 + 4 + 2 + 32;
        i += 1 + record[i];
        i += 2 + (record[i] << 8 | record[i + 1]);
        i += 1 + record[i];
        var end = i + 2 + (record[i] << 8 | record[i + 1]);
        i += 2;
        var result = new List<string>();
        while (i < end)
        {
            result.Add($"0x{record[i]:X2}{record[i + 1]:X2}");
            i += 4 + (record[i + 2] << 8 | record[i + 3]);
        }
        return result;
    }
}
