using System.Net;
using System.Net.Sockets;

namespace TlsDoctor.Emulator;

/// <summary>Connecting to the raw TCP backend of `serve --backend`, with a deadline and a plain reason when it fails.</summary>
internal static class BackendConnector
{
    public static async Task<string?> ProbeAsync(DnsEndPoint backend, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var (socket, problem) = await ConnectAsync(backend, timeout, cancellationToken).ConfigureAwait(false);
        socket?.Dispose();
        return problem is null ? null : $"backend {backend.Host}:{backend.Port} is unreachable: {problem}";
    }

    public static async Task<(Socket? Socket, string? Problem)> ConnectAsync(DnsEndPoint backend, TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(backend, deadline.Token).ConfigureAwait(false);
            return (socket, null);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            socket.Dispose();
            return (null, $"no answer within {timeout.TotalSeconds:0.#} s");
        }
        catch (SocketException e)
        {
            socket.Dispose();
            return (null, e.SocketErrorCode switch
            {
                SocketError.ConnectionRefused => "connection refused (nothing listens there)",
                SocketError.HostNotFound or SocketError.NoData => "host name does not resolve",
                _ => e.Message,
            });
        }
    }
}
