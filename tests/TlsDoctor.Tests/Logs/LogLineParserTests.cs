using System.Text;
using TlsDoctor.Logs;

namespace TlsDoctor.Tests.Logs;

/// <summary>The documented and synthetic sample lines of every format parse to the right fields; every field-list variant is read.</summary>
public class LogLineParserTests
{
    private static string[] Sample(string file) =>
        File.ReadAllLines(RepoPaths.SharedReference("aws/log-samples/" + file)).Where(l => l.Length > 0).ToArray();

    /// <summary>The fields a test checks, copied out of the spans.</summary>
    private sealed record Fields(string Time, string Client, string Listener, string Protocol, string Cipher, string KeyExchange, string Sni, string Alert, string Agent, string Tid, bool Tls, bool Failed);

    private static Fields Parse(LogFormat format, string line)
    {
        Assert.True(LogLineParser.TryParse(format, Encoding.UTF8.GetBytes(line), out var r, out var error), $"{format}: {error}: {line}");
        static string S(ReadOnlySpan<byte> s) => Encoding.UTF8.GetString(s);
        return new Fields(S(r.Time), S(r.ClientIp), S(r.Listener), S(r.Protocol), S(r.Cipher), S(r.KeyExchange), S(r.ServerName), S(r.ClientAlert), S(r.UserAgent), S(r.ConnTraceId), r.IsTls, r.IsFailed);
    }

    [Fact]
    public void AlbConnectionDocumentedLines()
    {
        var lines = Sample("alb-connection.documented.log");
        var ok = Parse(LogFormat.AlbConnection, lines[0]);
        Assert.Equal(new Fields("2023-10-04T17:05:15.514108Z", "203.0.113.1", "443", "TLSv1.2", "ECDHE-RSA-AES128-GCM-SHA256", "", "", "", "", "TID_3180a73013c8ca4bac2f731159d4b0fe", true, false), ok);
        var failed = Parse(LogFormat.AlbConnection, lines[1]);
        Assert.True(failed.Failed);
        Assert.Equal("TLSv1.2", failed.Protocol);
        Assert.Equal("TID_1c71a68d70587445ad5127ff8b2687d7", failed.Tid);
    }

    [Fact]
    public void AlbConnectionSyntheticLinesCoverFailuresPlainListenersAndThe15FieldLayout()
    {
        var f = Sample("alb-connection.synthetic.log").Select(l => Parse(LogFormat.AlbConnection, l)).ToArray();
        Assert.Equal(("TLSv1.3", "TLS_AES_128_GCM_SHA256", true, false), (f[0].Protocol, f[0].Cipher, f[0].Tls, f[0].Failed));
        Assert.Equal(("TLSv1", "ECDHE-RSA-AES128-SHA"), (f[1].Protocol, f[1].Cipher));
        Assert.Equal(("", "", true, true), (f[2].Protocol, f[2].Cipher, f[2].Tls, f[2].Failed));
        Assert.Equal(("TLSv1", true, true), (f[3].Protocol, f[3].Tls, f[3].Failed));
        Assert.Equal(("80", false, false), (f[4].Listener, f[4].Tls, f[4].Failed));
        Assert.Equal(("X25519MLKEM768", "TID_00000000000000000000000000000004"), (f[5].KeyExchange, f[5].Tid));
    }

    [Theory]
    [InlineData(11)]   // before conn_trace_id
    [InlineData(12)]   // conn_trace_id (the documented layout)
    [InlineData(13)]   // tls_keyexchange
    [InlineData(15)]   // elb, ip_address
    [InlineData(16)]   // a trailing "-" ahead of a new field's release
    [InlineData(18)]   // fields TlsDoctor does not know yet
    public void AlbConnectionFieldListVariants(int fields)
    {
        var all = "2025-03-01T12:00:08.000000Z 203.0.113.11 51300 443 TLSv1.3 TLS_AES_256_GCM_SHA384 0.003 \"-\" - - Success TID_00000000000000000000000000000004 X25519MLKEM768 app/my-loadbalancer/50dc6c495c0c9188 10.0.1.15 - future more".Split(' ');
        var line = string.Join(' ', all.Take(fields));
        var f = Parse(LogFormat.AlbConnection, line);
        Assert.Equal(("TLSv1.3", "TLS_AES_256_GCM_SHA384", true, false), (f.Protocol, f.Cipher, f.Tls, f.Failed));
        Assert.Equal(fields >= 12 ? "TID_00000000000000000000000000000004" : "", f.Tid);
        Assert.Equal(fields >= 13 ? "X25519MLKEM768" : "", f.KeyExchange);
        Assert.False(LogLineParser.TryParse(LogFormat.AlbConnection, Encoding.UTF8.GetBytes(string.Join(' ', all.Take(10))), out _, out _));
    }

    [Fact]
    public void AlbAccessDocumentedLines29Fields()
    {
        var f = Sample("alb-access.documented.log").Select(l => Parse(LogFormat.AlbAccess, l)).ToArray();
        Assert.Equal(7, f.Length);
        Assert.Equal(("192.168.131.39", "80", "", false), (f[0].Client, f[0].Listener, f[0].Protocol, f[0].Tls));
        Assert.Equal(("TLSv1.2", "ECDHE-RSA-AES128-GCM-SHA256", "443", "curl/7.46.0", "www.example.com", true, false),
            (f[1].Protocol, f[1].Cipher, f[1].Listener, f[1].Agent, f[1].Sni, f[1].Tls, f[1].Failed));
        Assert.Equal(("773", true), (f[2].Listener, f[2].Tls));   // h2 to https://10.0.2.105:773/
        Assert.False(f[3].Tls);                                   // ws
        Assert.True(f[4].Tls);                                    // wss
        Assert.All(f, x => Assert.Equal("", x.Tid));
    }

    [Fact]
    public void AlbAccessSyntheticLines33FieldsCarryTheTraceId()
    {
        var f = Sample("alb-access.synthetic.log").Select(l => Parse(LogFormat.AlbAccess, l)).ToArray();
        Assert.Equal(("TLSv1.3", "TLS_AES_128_GCM_SHA256", "TID_0123456789abcdef0123456789abcdef", "Mozilla/5.0 (X11; Linux x86_64)"), (f[0].Protocol, f[0].Cipher, f[0].Tid, f[0].Agent));
        Assert.Equal(("TLSv1", "ECDHE-RSA-AES128-SHA", "Java/1.7.0_80", "198.51.100.23"), (f[1].Protocol, f[1].Cipher, f[1].Agent, f[1].Client));
        Assert.Equal("TID_fedcba9876543210fedcba9876543210", f[3].Tid);
    }

    [Fact]
    public void NlbDocumentedLines21And22Fields()
    {
        var f = Sample("nlb-access.documented.log").Select(l => Parse(LogFormat.NlbAccess, l)).ToArray();
        Assert.Equal(4, f.Length);
        Assert.All(f, x => Assert.Equal(("tlsv12", "ECDHE-RSA-AES128-SHA", "72.21.218.154", "g3d4b5e8bb8464cd", true, false), (x.Protocol, x.Cipher, x.Client, x.Listener, x.Tls, x.Failed)));
        Assert.Equal("my-network-loadbalancer-c6e77e28c25b2234.elb.us-east-2.amazonaws.com", f[0].Sni);
        Assert.Equal("2018-12-20T02:59:40", f[2].Time);
    }

    [Fact]
    public void NlbSyntheticFailedHandshakes()
    {
        var f = Sample("nlb-access.synthetic.log").Select(l => Parse(LogFormat.NlbAccess, l)).ToArray();
        Assert.Equal(("tlsv13", "X25519", false), (f[0].Protocol, f[0].KeyExchange, f[0].Failed));
        Assert.Equal(("", "", true), (f[1].Protocol, f[1].Sni, f[1].Failed));
        Assert.Equal(("legacy.example.com", true), (f[2].Sni, f[2].Failed));
        Assert.Equal(("48", true), (f[3].Alert, f[3].Failed));
        Assert.False(LogLineParser.TryParse(LogFormat.NlbAccess, Encoding.UTF8.GetBytes(string.Join(' ', Sample("nlb-access.documented.log")[0].Split(' ').Take(20))), out _, out _));
    }

    [Fact]
    public void ClbDocumentedAndSyntheticLines()
    {
        var f = Sample("clb-access.documented.log").Select(l => Parse(LogFormat.ClbAccess, l)).ToArray();
        Assert.Equal((false, "80"), (f[0].Tls, f[0].Listener));
        Assert.Equal(("TLSv1.2", "DHE-RSA-AES128-SHA", "curl/7.38.0", true), (f[1].Protocol, f[1].Cipher, f[1].Agent, f[1].Tls));
        Assert.False(f[2].Tls);                                    // TCP listener: "- - - " and no cipher
        Assert.Equal(("ECDHE-ECDSA-AES128-GCM-SHA256", ""), (f[3].Cipher, f[3].Listener));
        var s = Sample("clb-access.synthetic.log").Select(l => Parse(LogFormat.ClbAccess, l)).ToArray();
        Assert.Equal(("TLSv1", "Java/1.7.0_80", "198.51.100.23"), (s[0].Protocol, s[0].Agent, s[0].Client));
        Assert.False(s[1].Tls);
    }

    [Theory]
    [InlineData("conn_log.123456789012_elasticloadbalancing_us-east-2_app.my-loadbalancer.1234567890abcdef_20220215T2340Z_172.160.001.192_20sg8hgm.log.gz", LogFormat.AlbConnection)]
    [InlineData("conn_log_123456789012_elasticloadbalancing_us-east-2_app.my-loadbalancer.1234567890abcdef_20220215T2340Z_172.160.001.192_20sg8hgm.log.gz", LogFormat.AlbConnection)]
    [InlineData("AWSLogs/123456789012/elasticloadbalancing/us-east-2/2016/05/01/123456789012_elasticloadbalancing_us-east-2_app.my-loadbalancer.1234567890abcdef_20140215T2340Z_172.160.001.192_20sg8hgm.log.gz", LogFormat.AlbAccess)]
    [InlineData("123456789012_elasticloadbalancing_us-east-2_net.my-loadbalancer.1234567890abcdef_20200501T0000Z_20sg8hgm.log.gz", LogFormat.NlbAccess)]
    [InlineData("123456789012_elasticloadbalancing_us-west-2_my-loadbalancer_20140215T2340Z_172.160.001.192_20sg8hgm.log", LogFormat.ClbAccess)]
    public void FormatFromDocumentedFileNames(string name, LogFormat format) => Assert.Equal(format, LogFormats.FromFileName(name));

    [Theory]
    [InlineData("alb-connection.synthetic.log", LogFormat.AlbConnection)]
    [InlineData("alb-access.documented.log", LogFormat.AlbAccess)]
    [InlineData("nlb-access.synthetic.log", LogFormat.NlbAccess)]
    [InlineData("clb-access.documented.log", LogFormat.ClbAccess)]
    public void FormatFromTheFirstLineWhateverTheName(string file, LogFormat format)
    {
        var first = Encoding.UTF8.GetBytes(Sample(file)[0]);
        Assert.Equal(format, LogFormats.Detect("x.log", first));
        // A misleading name does not win over a line that only the other format reads.
        Assert.Equal(format, LogFormats.Detect(format == LogFormat.AlbConnection ? "123_elasticloadbalancing_r_net.x.log" : "conn_log.x.log", first));
    }

    [Theory]
    [InlineData("")]
    [InlineData("not a log line at all")]
    [InlineData("2025-03-01T12:00:00.100000Z 203.0.113.10 51234 443 TLSv1.3 TLS_AES_128_GCM_SHA256 0.004 \"-")]
    [InlineData("2025-03-01 203.0.113.10 51234 443 TLSv1.3 TLS_AES_128_GCM_SHA256 0.004 \"-\" - - Success")]
    public void MalformedLinesAreRefusedWithAReason(string line)
    {
        foreach (var format in LogFormats.All)
        {
            Assert.False(LogLineParser.TryParse(format, Encoding.UTF8.GetBytes(line), out _, out var error));
            Assert.False(string.IsNullOrEmpty(error));
        }
    }
}
