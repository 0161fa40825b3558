using System.Net.Sockets;
using TlsDoctor.Wire;

namespace TlsDoctor.IntegrationTests.Wire;

/// <summary>Sends hello bytes to a loopback server and reads records until the flight ends (ServerHelloDone, an alert, a ChangeCipherSpec, or close).</summary>
internal static class ServerFlight
{
    public static async Task<(RecordReadResult Result, byte[] Bytes)> ExchangeAsync(int port, byte[] hello, TcpClient? reuse = null,
        Func<RecordReadResult, bool>? done = null)
    {
        var client = reuse ?? new TcpClient();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        if (reuse is null) await client.ConnectAsync("127.0.0.1", port, timeout.Token);
        var stream = client.GetStream();
        await stream.WriteAsync(hello, timeout.Token);
        var buffer = new MemoryStream();
        var chunk = new byte[16384];
        done ??= r => r.Messages.Any(m => m.Kind is TlsMessageKind.Alert or TlsMessageKind.ChangeCipherSpec
                                        || (m.Kind == TlsMessageKind.Handshake && m.HandshakeType == HandshakeType.ServerHelloDone));
        RecordReadResult result;
        while (true)
        {
            var n = await stream.ReadAsync(chunk, timeout.Token);
            if (n > 0) buffer.Write(chunk, 0, n);
            result = RecordLayerReader.Read(buffer.ToArray());
            if (n == 0 || result.Status == RecordReadStatus.Error || (result.Status == RecordReadStatus.Complete && done(result))) break;
        }
        if (reuse is null) client.Dispose();
        return (result, buffer.ToArray());
    }

    public static ServerHello ServerHelloOf(RecordReadResult result) =>
        ServerHello.Decode(result.FindHandshake(HandshakeType.ServerHello)!.Value.Bytes).GetValueOrThrow();
}
