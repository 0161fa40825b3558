using System.Buffers;
using System.Net.Sockets;
using System.Text;
using Org.BouncyCastle.Tls;
using TlsDoctor.Registry;

namespace TlsDoctor.Emulator;

/// <summary>
/// What follows a completed handshake: the decrypted traffic relayed to the raw TCP backend (as a TLS listener of a
/// Network Load Balancer forwards), or, without a backend, a small HTTP answer naming what was negotiated. Closes idle
/// connections.
/// </summary>
internal sealed class ApplicationRelay(EmulatorOptions options, Action<ConnectionRecord> report, CancellationToken stopping)
{
    public async Task<ConnectionRecord> RunAsync(EngineConnection connection, ConnectionRecord record, Func<long> lastActivity)
    {
        using var idle = CancellationTokenSource.CreateLinkedTokenSource(stopping);
        using var watchdog = new Timer(_ =>
        {
            if (options.Time.GetElapsedTime(lastActivity()) > options.IdleTimeout) { try { idle.Cancel(); } catch (ObjectDisposedException) { } }
        }, null, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1));

        if (options.Backend is { } backend)
        {
            Socket? upstream = null;
            string? problem;
            try
            {
                (upstream, problem) = await BackendConnector.ConnectAsync(backend, options.BackendConnectTimeout, idle.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) { problem = "stopped"; }
            if (upstream is null)
            {
                record = record with
                {
                    Outcome = ConnectionOutcome.BackendUnavailable, Reason = "backend-unavailable",
                    Explanation = $"handshake completed, but backend {backend.Host}:{backend.Port}: {problem}",
                    BytesIn = connection.BytesIn, BytesOut = connection.BytesOut,
                };
                report(record);
                await connection.CloseAsync(CancellationToken.None).ConfigureAwait(false);
                return record;
            }
            report(record with { Outcome = ConnectionOutcome.Success, BytesIn = connection.BytesIn, BytesOut = connection.BytesOut });
            using (upstream)
                await ProxyAsync(connection, upstream, idle.Token).ConfigureAwait(false);
            return record with { Outcome = ConnectionOutcome.Success };
        }

        report(record with { Outcome = ConnectionOutcome.Success, BytesIn = connection.BytesIn, BytesOut = connection.BytesOut });
        await AnswerHttpAsync(connection, record, idle.Token).ConfigureAwait(false);
        return record with { Outcome = ConnectionOutcome.Success };
    }

    private async Task AnswerHttpAsync(EngineConnection connection, ConnectionRecord record, CancellationToken cancellationToken)
    {
        try
        {
            // Read the request head (or whatever arrives first, up to 64 KiB) before answering, as an HTTP server does.
            var head = new MemoryStream();
            var buffer = ArrayPool<byte>.Shared.Rent(16 * 1024);
            try
            {
                while (head.Length < 64 * 1024)
                {
                    var n = await connection.ReadApplicationAsync(buffer, cancellationToken).ConfigureAwait(false);
                    if (n == 0) break;
                    head.Write(buffer, 0, n);
                    if (head.GetBuffer().AsSpan(0, (int)head.Length).IndexOf("\r\n\r\n"u8) >= 0) break;
                }
            }
            finally { ArrayPool<byte>.Shared.Return(buffer); }
            // A client that reset the connection gets no answer (CloseAsync sends nothing after a failed read).
            if (head.Length == 0 || connection.TransportFailed) { await connection.CloseAsync(cancellationToken).ConfigureAwait(false); return; }
            var suite = record.Suite is { } s ? CipherSuites.Find(s) : null;
            var body = new StringBuilder()
                .Append("tlsdoctor serve: handshake complete\n")
                .Append("policy: ").Append(options.Policy.Name).Append('\n')
                .Append("protocol: ").Append(record.Protocol?.Name ?? "-").Append('\n')
                .Append("cipher: ").Append(suite?.OpenSslName ?? suite?.Name ?? "-").Append('\n')
                .ToString();
            var response = $"HTTP/1.1 200 OK\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Length: {Encoding.UTF8.GetByteCount(body)}\r\nConnection: close\r\nServer: tlsdoctor\r\n\r\n{body}";
            await connection.WriteApplicationAsync(Encoding.UTF8.GetBytes(response), cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is IOException or SocketException or OperationCanceledException or ObjectDisposedException or TlsException) { }
        await connection.CloseAsync(CancellationToken.None).ConfigureAwait(false);
    }

    private static async Task ProxyAsync(EngineConnection connection, Socket upstream, CancellationToken cancellationToken)
    {
        using var done = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        await using var backend = new NetworkStream(upstream, ownsSocket: false);

        async Task ClientToBackend()
        {
            var buffer = new byte[16 * 1024];
            try
            {
                while (true)
                {
                    var n = await connection.ReadApplicationAsync(buffer, done.Token).ConfigureAwait(false);
                    if (n == 0) break;
                    await backend.WriteAsync(buffer.AsMemory(0, n), done.Token).ConfigureAwait(false);
                }
                // The client closed: pass the close on. It reset: abandon both directions.
                if (connection.TransportFailed) done.Cancel();
                else upstream.Shutdown(SocketShutdown.Send);
            }
            catch (Exception e) when (e is IOException or SocketException or OperationCanceledException or ObjectDisposedException or TlsException)
            {
                done.Cancel();
            }
        }

        async Task BackendToClient()
        {
            var buffer = new byte[16 * 1024];
            try
            {
                while (true)
                {
                    var n = await backend.ReadAsync(buffer, done.Token).ConfigureAwait(false);
                    if (n == 0) break;
                    await connection.WriteApplicationAsync(buffer.AsMemory(0, n), done.Token).ConfigureAwait(false);
                }
            }
            catch (Exception e) when (e is IOException or SocketException or OperationCanceledException or ObjectDisposedException or TlsException) { }
            // The backend finished (or failed): end the TLS session and stop reading from the client.
            await connection.CloseAsync(CancellationToken.None).ConfigureAwait(false);
            done.Cancel();
        }

        await Task.WhenAll(ClientToBackend(), BackendToClient()).ConfigureAwait(false);
    }
}
