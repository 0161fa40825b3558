using TlsDoctor.Cli.Rendering;
using TlsDoctor.Emulator;
using TlsDoctor.Registry;

namespace TlsDoctor.Tests.Emulator;

public sealed class ServeLogFormatTests
{
    private static readonly DateTimeOffset Time = new(2026, 11, 27, 5, 4, 54, 428, TimeSpan.Zero);

    [Fact]
    public void Success_FollowsAlbConnectionLogFieldOrder()
    {
        var line = ServeLogRenderer.FormatLine(new ConnectionRecord
        {
            Time = Time, ClientIp = "127.0.0.1", ClientPort = 45644, ListenerPort = 8443,
            Protocol = TlsVersion.Tls12, Suite = 0xC02F, HandshakeLatency = TimeSpan.FromMilliseconds(12.4), Outcome = ConnectionOutcome.Success,
        }, out var start, out var length);
        Assert.Equal("2026-11-27T05:04:54.428000Z 127.0.0.1:45644 8443 TLSv1.2 ECDHE-RSA-AES128-GCM-SHA256 0.012 success", line);
        Assert.Equal("success", line.Substring(start, length));
    }

    [Fact]
    public void Refusal_CarriesReasonAndQuotedExplanation()
    {
        var line = ServeLogRenderer.FormatLine(new ConnectionRecord
        {
            Time = Time, ClientIp = "::1", ClientPort = 5, ListenerPort = 8443, HandshakeLatency = TimeSpan.FromMilliseconds(1),
            Outcome = ConnectionOutcome.Refused, Reason = "no-shared-protocol", Explanation = "client offers \"TLSv1.0\" only",
        }, out _, out _);
        Assert.Equal("2026-11-27T05:04:54.428000Z [::1]:5 8443 - - 0.001 refused no-shared-protocol \"client offers 'TLSv1.0' only\"", line);
    }

    [Fact]
    public void Json_UsesCodeStringsAndKebabOutcomes()
    {
        var json = ServeLogRenderer.ToJson(new ConnectionRecord
        {
            Time = Time, ClientIp = "127.0.0.1", ClientPort = 1, ListenerPort = 2, Protocol = TlsVersion.Tls13, Suite = 0x1301,
            Outcome = ConnectionOutcome.ClientAlert, Reason = "client-alert:unknown_ca",
        });
        Assert.Equal("0x1301", json.Cipher!.Code);
        Assert.Equal("TLS_AES_128_GCM_SHA256", json.Cipher.Name);
        Assert.Equal("client-alert", json.Outcome);
        Assert.Equal("TLSv1.3", json.Protocol);
    }
}
