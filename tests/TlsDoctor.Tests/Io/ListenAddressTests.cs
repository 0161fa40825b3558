using System.Net;
using TlsDoctor.Io;

namespace TlsDoctor.Tests.Io;

/// <summary>The one set of rules for --listen (serve and capture).</summary>
public class ListenAddressTests
{
    [Theory]
    [InlineData("8443", "127.0.0.1:8443")]
    [InlineData("0", "127.0.0.1:0")]
    [InlineData("65535", "127.0.0.1:65535")]
    [InlineData("127.0.0.1:9000", "127.0.0.1:9000")]
    [InlineData("0.0.0.0:0", "0.0.0.0:0")]
    [InlineData("[::1]:9000", "[::1]:9000")]
    [InlineData("[::]:443", "[::]:443")]
    [InlineData("127.0.0.1", "127.0.0.1:7000")]
    [InlineData("::1", "[::1]:7000")]
    [InlineData("[::1]", "[::1]:7000")]
    [InlineData("::ffff:127.0.0.1", "[::ffff:127.0.0.1]:7000")]
    public void Accepted_forms(string text, string expected) =>
        Assert.Equal(IPEndPoint.Parse(expected), ListenAddress.Parse(text, defaultPort: 7000));

    [Theory]
    [InlineData("")]
    [InlineData(" 8443")]
    [InlineData("8443 ")]
    [InlineData("65536")]
    [InlineData("-1")]
    [InlineData("99999999999999999999")]
    [InlineData("localhost")]
    [InlineData("localhost:8443")]
    [InlineData("127.0.0.1:")]
    [InlineData("127.0.0.1:65536")]
    [InlineData("127.0.0.1:-1")]
    [InlineData("127.0.0.1:http")]
    [InlineData("127.1")]
    [InlineData("127.1:80")]
    [InlineData("[127.0.0.1]:80")]
    [InlineData("[::1")]
    [InlineData("::1]:80")]
    [InlineData("[::1]:")]
    [InlineData("[::1]x:80")]
    [InlineData("١٢٣")]
    [InlineData(":8443")]
    public void Refused_forms(string text) => Assert.Null(ListenAddress.Parse(text, defaultPort: 7000));

    [Fact]
    public void A_huge_argument_is_refused()
    {
        Assert.Null(ListenAddress.Parse(new string('1', 100_000), 8443));
        Assert.Null(ListenAddress.Parse("127.0.0.1:" + new string('0', 100_000) + "1", 8443));
    }
}
