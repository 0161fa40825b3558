using TlsDoctor.Scanning;

namespace TlsDoctor.Tests.Scanning;

public class ScanTargetTests
{
    [Theory]
    [InlineData("example.com", "example.com", 443, "example.com")]
    [InlineData("Example.COM:8443", "Example.COM", 8443, "example.com")]
    [InlineData("127.0.0.1:4433", "127.0.0.1", 4433, null)]
    [InlineData("[::1]:4433", "::1", 4433, null)]
    [InlineData("[2001:db8::1]", "2001:db8::1", 443, null)]
    [InlineData("::1", "::1", 443, null)]
    [InlineData("https://example.com/path?q=1", "example.com", 443, "example.com")]
    [InlineData("https://example.com:9443/", "example.com", 9443, "example.com")]
    [InlineData("https://[::1]:9443/x", "::1", 9443, null)]
    public void Parses_the_forms_users_write(string input, string host, int port, string? sni)
    {
        Assert.True(ScanTarget.TryParse(input, out var t, out var error), error);
        Assert.Equal(host, t.Host);
        Assert.Equal(port, t.Port);
        Assert.Equal(sni, t.Sni);
    }

    [Theory]
    [InlineData("")]
    [InlineData("host:0")]
    [InlineData("host:70000")]
    [InlineData("host:abc")]
    [InlineData("[::1")]
    [InlineData("[notv6]:443")]
    [InlineData("ftp://host/")]
    [InlineData("host/path")]
    public void Rejects_malformed_targets_with_a_message(string input)
    {
        Assert.False(ScanTarget.TryParse(input, out _, out var error));
        Assert.False(string.IsNullOrWhiteSpace(error));
    }

    [Fact]
    public void Sni_override_and_no_sni()
    {
        Assert.True(ScanTarget.TryParse("127.0.0.1:443", out var t, out _, sni: "www.example.org"));
        Assert.Equal("www.example.org", t.Sni);
        Assert.True(ScanTarget.TryParse("example.com", out var u, out _, noSni: true));
        Assert.Null(u.Sni);
    }

    [Fact]
    public void Reads_target_files_skipping_comments_and_blank_lines()
    {
        var lines = ScanTarget.ReadLines(new StringReader("# targets\n\na.example:443\n  b.example  \n#c\n"));
        Assert.Equal([(3, "a.example:443"), (4, "b.example")], lines);
    }
}
