using System.Net.Sockets;
using System.Threading.Tasks.Sources;

namespace TlsDoctor.Emulator;

/// <summary>
/// Receives from a connected socket and reports a reset (or any other socket error) as a value instead of an
/// exception. A client that resets its connection is ordinary traffic for a load balancer (`openssl s_time -new`
/// resets every connection after its handshake), and the exception a <see cref="NetworkStream"/> read throws for it
/// (a <see cref="SocketException"/> in an <see cref="IOException"/>, each with a stack trace captured and unwound)
/// cost serve about a tenth of its CPU per handshake. One receive at a time; the same instance serves every receive
/// of its connection.
/// </summary>
internal sealed class SocketReceiver : SocketAsyncEventArgs, IValueTaskSource<int>
{
    private readonly Socket _socket;
    private ManualResetValueTaskSourceCore<int> _source;
    private CancellationToken _cancellationToken;
    private CancellationTokenRegistration _registration;

    public SocketReceiver(Socket socket) : base(unsafeSuppressExecutionContextFlow: true) => _socket = socket;

    /// <summary>Why the last receive that returned -1 failed (ConnectionReset, …).</summary>
    public SocketError LastError { get; private set; }

    /// <summary>
    /// Receives into <paramref name="buffer"/>: the number of bytes, 0 when the peer closed its side (FIN), -1 when
    /// the socket failed (<see cref="LastError"/> says how). Cancellation ends the pending receive by shutting the
    /// socket's receiving side (the connection can still send, e.g. a close_notify, but not receive) and throws
    /// <see cref="OperationCanceledException"/>, as every caller ends its connection when its deadline passes.
    /// </summary>
    public ValueTask<int> ReceiveAsync(Memory<byte> buffer, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        _source.Reset();
        _cancellationToken = cancellationToken;
        SetBuffer(buffer);
        if (cancellationToken.CanBeCanceled)
            _registration = cancellationToken.UnsafeRegister(static state => ((SocketReceiver)state!).StopReceiving(), this);
        if (!_socket.ReceiveAsync(this)) Complete();
        return new ValueTask<int>(this, _source.Version);
    }

    protected override void OnCompleted(SocketAsyncEventArgs e) => Complete();

    private void Complete()
    {
        // Waits for a cancellation callback already running, so it cannot shut down a later receive.
        _registration.Dispose();
        _registration = default;
        if (_cancellationToken.IsCancellationRequested) _source.SetException(new OperationCanceledException(_cancellationToken));
        else if (SocketError == SocketError.Success) _source.SetResult(BytesTransferred);
        else
        {
            LastError = SocketError;
            _source.SetResult(-1);
        }
    }

    private void StopReceiving()
    {
        // shutdown(SHUT_RD) wakes the pending receive (it returns 0); should it fail, closing the socket aborts it.
        try { _socket.Shutdown(SocketShutdown.Receive); }
        catch (SocketException) { _socket.Dispose(); }
        catch (ObjectDisposedException) { }
    }

    int IValueTaskSource<int>.GetResult(short token) => _source.GetResult(token);

    ValueTaskSourceStatus IValueTaskSource<int>.GetStatus(short token) => _source.GetStatus(token);

    void IValueTaskSource<int>.OnCompleted(Action<object?> continuation, object? state, short token, ValueTaskSourceOnCompletedFlags flags) =>
        _source.OnCompleted(continuation, state, token, flags);
}
