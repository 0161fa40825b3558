using System.Text.Json;
using TlsDoctor.Cli;

namespace TlsDoctor.Tests.Capture;

/// <summary>`tlsdoctor capture --pcap … --json`, `capture report --json` and `capture export` end to end on fixture captures.</summary>
public sealed class CaptureCommandTests : IDisposable
{
    private readonly string _db = Path.Combine(Path.GetTempPath(), $"tlsdoctor-cli-{Guid.NewGuid():N}.db");

    private static (int Exit, string Out, string Err) Run(params string[] args) => CliRunner.Run(args);

    [Fact]
    public void Pcap_json_lines_carry_the_documented_fields_and_the_reference_fingerprints()
    {
        var (exit, output, error) = Run("capture", "--pcap", FingerprintReferenceTests.Fixture("tls12.pcap"),
            FingerprintReferenceTests.Fixture("quic-tls-handshake.pcapng"), "--db", _db, "--json");
        Assert.True(exit == 0, error);
        var lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonDocument.Parse(l).RootElement).ToList();
        using var expectedDoc = JsonDocument.Parse(File.ReadAllText(FingerprintReferenceTests.Fixture("expected.json")));
        var expected = new[] { "tls12.pcap", "quic-tls-handshake.pcapng" }
            .Select(f => expectedDoc.RootElement.GetProperty(f)[0]).ToList();
        Assert.Equal(2, lines.Count);
        for (var i = 0; i < 2; i++)
        {
            var line = lines[i];
            var e = expected[i];
            foreach (var field in new[] { "id", "time", "client", "server", "transport", "serverName", "alpn", "versions", "ja3", "ja3String", "ja4", "ja4r", "raw" })
                Assert.True(line.TryGetProperty(field, out _), $"missing {field} in {line}");
            Assert.Equal(e.GetProperty("transport").GetString(), line.GetProperty("transport").GetString());
            Assert.Equal($"{e.GetProperty("src").GetString()}:{e.GetProperty("srcPort").GetInt32()}", line.GetProperty("client").GetString());
            Assert.Equal($"{e.GetProperty("dst").GetString()}:{e.GetProperty("dstPort").GetInt32()}", line.GetProperty("server").GetString());
            Assert.Equal(e.GetProperty("sni").GetString(), line.GetProperty("serverName").GetString());
            Assert.Equal(e.GetProperty("ja3").GetString(), line.GetProperty("ja3").GetString());
            Assert.Equal(e.GetProperty("ja3_full").GetString(), line.GetProperty("ja3String").GetString());
            Assert.Equal(e.GetProperty("ja4").GetString(), line.GetProperty("ja4").GetString());
            Assert.Equal("TLSv1.3", line.GetProperty("versions")[0].GetString());
            Assert.False(line.TryGetProperty("malformed", out _));
        }

        var report = Run("capture", "report", "--db", _db, "--json");
        Assert.Equal(0, report.Exit);
        var root = JsonDocument.Parse(report.Out).RootElement;
        Assert.Equal(2, root.GetProperty("total").GetInt64());
        Assert.Equal(expected.Select(e => e.GetProperty("ja4").GetString()).Order(),
            root.GetProperty("clients").EnumerateArray().Select(c => c.GetProperty("ja4").GetString()).Order());

        var export = Run("capture", "export", "--db", _db);
        Assert.Equal(0, export.Exit);
        Assert.Equal(output, export.Out);

        var table = Run("capture", "report", "--db", _db);
        Assert.Equal(0, table.Exit);
        Assert.Contains(expected[0].GetProperty("ja4").GetString()!, table.Out);
    }

    [Fact]
    public void Usage_errors_exit_2_with_one_line()
    {
        var missing = Run("capture", "--pcap", "/nonexistent/x.pcap", "--db", _db);
        Assert.Equal(2, missing.Exit);
        Assert.Contains("capture file not found", missing.Err);
        var both = Run("capture", "--pcap", FingerprintReferenceTests.Fixture("tls12.pcap"), "--listen", "127.0.0.1:0", "--db", _db);
        Assert.Equal(2, both.Exit);
        var noDb = Run("capture", "report", "--db", "/nonexistent/none.db");
        Assert.Equal(2, noDb.Exit);
        Assert.DoesNotContain("   at ", noDb.Err);
    }

    public void Dispose()
    {
        foreach (var suffix in new[] { "", "-wal", "-shm" }) File.Delete(_db + suffix);
    }
}
