using TlsDoctor.Capture;

namespace TlsDoctor.IntegrationTests.Capture;

/// <summary>
/// Hostile and broken clients against the listener: each is recorded with a reason, the listener keeps serving,
/// memory stays bounded, and everything reported as recorded is in the database.
/// </summary>
public class CaptureListenerHostileTests
{
    private static readonly ReferenceHello Curl = ReferenceHello.Load("curl");

    private static CaptureListenerOptions Options => new() { HelloTimeout = TimeSpan.FromSeconds(1.5), MaxConnections = 64, MaxHelloBytes = 16 * 1024 };

    [Fact]
    public async Task Broken_clients_are_recorded_with_a_reason_and_the_listener_keeps_serving()
    {
        await using var capture = new InProcessCapture(Options);
        var sslv2Body = new byte[] { 1, 3, 1, 0, 3, 0, 0, 0, 16, 0x00, 0x00, 0x2F }.Concat(new byte[16]).ToArray();
        var cases = new (string Name, Func<Task<(int, byte[])>> Run, string Expected)[]
        {
            ("garbage", () => capture.SendAsync("GET / HTTP/1.1\r\nHost: x\r\n\r\n"u8.ToArray()), "not TLS: first bytes 474554"),
            ("oversized record length", () => capture.SendAsync([22, 3, 1, 0xFF, 0xFF]), "oversized: record length 65535"),
            ("oversized hello length", () => capture.SendAsync([22, 3, 1, 0x10, 0x00, 1, 0xFF, 0xFF, 0xFF]), "oversized: ClientHello length field 16777215"),
            ("sslv2 hello", () => capture.SendAsync(new byte[] { 0x80, (byte)sslv2Body.Length }.Concat(sslv2Body).ToArray()), "SSLv2: "),
            ("slowloris", () => capture.SendAsync(Curl.Record[..40]), "timeout: no complete ClientHello within 1.5 s (40 bytes received)"),
            ("closed early", () => capture.SendAsync(Curl.Record[..100], closeAfterSending: true), "closed: the client closed the connection after 100 bytes"),
            ("silent close", () => capture.SendAsync([], closeAfterSending: true), "closed: the client closed the connection without sending anything"),
        };
        var running = cases.Select(async c => (c.Name, c.Expected, Result: await c.Run())).ToList();
        // A hello split into one-byte writes, sent while the broken clients hold their connections.
        var (oneBytePort, answer) = await capture.SendAsync(Curl.Record, chunk: 1);
        var oneByte = await capture.WaitForClientAsync(oneBytePort, TimeSpan.FromSeconds(10));
        Assert.Null(oneByte.Malformed);
        Assert.Equal(Curl.Record[5..], oneByte.Raw);
        Assert.Equal(Curl.Ja4, oneByte.Ja4);
        Assert.Equal(Curl.Ja3, oneByte.Ja3);
        Assert.Equal(new byte[] { 0x15, 0x03, 0x03, 0x00, 0x02, 0x02, 0x28 }, answer); // fatal handshake_failure

        foreach (var task in running)
        {
            var (name, expected, (port, _)) = await task;
            var row = await capture.WaitForClientAsync(port, TimeSpan.FromSeconds(10));
            Assert.True(row.Malformed?.StartsWith(expected, StringComparison.Ordinal) == true, $"{name}: recorded as '{row.Malformed}', expected '{expected}…'");
            Assert.Null(row.Ja4);
        }

        // Still serving, and every row reported is stored.
        var (afterPort, _) = await capture.SendAsync(Curl.Record);
        Assert.Equal(Curl.Ja4, (await capture.WaitForClientAsync(afterPort, TimeSpan.FromSeconds(10))).Ja4);
        Assert.Equal(capture.Rows.Count, capture.Store.Count());
    }

    [Fact]
    public async Task A_thousand_connections_at_once_are_all_recorded_with_bounded_memory()
    {
        await using var capture = new InProcessCapture(Options with { HelloTimeout = TimeSpan.FromSeconds(20) });
        GC.Collect();
        var before = GC.GetTotalMemory(forceFullCollection: true);
        var clients = Enumerable.Range(0, 1000).Select(i => capture.SendAsync(Curl.Record)).ToList();
        var results = await Task.WhenAll(clients);
        await capture.WaitForCountAsync(1000, TimeSpan.FromSeconds(60));
        var rows = capture.Rows;
        Assert.Equal(1000, rows.Count);
        Assert.All(rows, r => Assert.Equal(Curl.Ja4, r.Ja4));
        Assert.Equal(results.Select(r => r.ClientPort).Order(), rows.Select(r => int.Parse(r.Client[(r.Client.LastIndexOf(':') + 1)..])).Order());
        Assert.Equal(1000, capture.Store.Count());
        var after = GC.GetTotalMemory(forceFullCollection: true);
        // 64 connections at a time, each bounded by MaxHelloBytes: live memory must not grow with the number of clients.
        Assert.True(after - before < 32 * 1024 * 1024, $"managed heap grew by {(after - before) / 1024} KiB");
    }
}
