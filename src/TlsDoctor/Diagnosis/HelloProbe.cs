using System.Net;
using System.Net.Sockets;
using TlsDoctor.Negotiation;
using TlsDoctor.Registry;
using TlsDoctor.Wire;

namespace TlsDoctor.Diagnosis;

/// <summary>
/// Sends one client's ClientHello (built from its offer) to an endpoint and reads the first answer: a ServerHello
/// or an alert. One connection, a deadline for connect and for the answer; never throws for network trouble.
/// </summary>
public static class HelloProbe
{
    public static async Task<LiveAnswer> SendAsync(IPEndPoint endpoint, ClientOffer offer, string? serverName, TimeSpan timeout, CancellationToken cancellationToken)
    {
        byte[] record;
        try
        {
            if (offer.ToHelloBuilder(serverName) is not { } builder) return new LiveAnswer(LiveAnswerKind.NotSent, Detail: "the client offers SSL 2.0 only");
            record = builder.Build().ToRecord();
        }
        catch (InvalidOperationException e)
        {
            return new LiveAnswer(LiveAnswerKind.NotSent, Detail: e.Message);
        }

        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        using var socket = new Socket(endpoint.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(endpoint, deadline.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return new LiveAnswer(LiveAnswerKind.ConnectFailed, Detail: $"no TCP answer within {timeout.TotalSeconds:0.#} s");
        }
        catch (SocketException e)
        {
            return new LiveAnswer(LiveAnswerKind.ConnectFailed, Detail: e.SocketErrorCode == SocketError.ConnectionRefused ? "connection refused" : e.Message);
        }

        var received = new MemoryStream();
        try
        {
            await socket.SendAsync(record, SocketFlags.None, deadline.Token).ConfigureAwait(false);
            var buffer = new byte[16 * 1024];
            while (received.Length < 256 * 1024)
            {
                var n = await socket.ReceiveAsync(buffer, SocketFlags.None, deadline.Token).ConfigureAwait(false);
                if (n == 0) break;
                received.Write(buffer, 0, n);
                if (Interpret(received.ToArray(), final: false) is { } answer) return answer;
            }
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return Interpret(received.ToArray(), final: false) ?? new LiveAnswer(LiveAnswerKind.Timeout, Detail: $"no answer within {timeout.TotalSeconds:0.#} s");
        }
        catch (SocketException e)
        {
            return Interpret(received.ToArray(), final: false) ?? new LiveAnswer(LiveAnswerKind.Closed, Detail: e.SocketErrorCode == SocketError.ConnectionReset ? "connection reset" : e.Message);
        }
        return Interpret(received.ToArray(), final: true)!;
    }

    /// <summary>The answer once the bytes hold a ServerHello or an alert; null while more bytes are needed (unless final).</summary>
    internal static LiveAnswer? Interpret(byte[] bytes, bool final)
    {
        if (bytes.Length == 0) return final ? new LiveAnswer(LiveAnswerKind.Closed, Detail: "closed without answering") : null;
        var read = RecordLayerReader.Read(bytes);
        if (read.FindHandshake(HandshakeType.ServerHello) is { } hello)
        {
            if (!ServerHello.Decode(hello.Bytes).TryGetValue(out var serverHello, out var error))
                return new LiveAnswer(LiveAnswerKind.NotTls, Detail: error.ToString());
            return new LiveAnswer(LiveAnswerKind.ServerHello, serverHello.SelectedVersion, serverHello.CipherSuite);
        }
        if (read.FirstAlert is { } alertMessage && Alert.Decode(alertMessage.Bytes.Span).TryGetValue(out var alert, out _))
            return new LiveAnswer(LiveAnswerKind.Alert, Alert: alert.DescriptionName, Detail: alert.ToString());
        if (read.Error is { } decodeError) return new LiveAnswer(LiveAnswerKind.NotTls, Detail: decodeError.ToString());
        return final ? new LiveAnswer(LiveAnswerKind.Closed, Detail: $"closed after {bytes.Length} bytes without a ServerHello or alert") : null;
    }
}
