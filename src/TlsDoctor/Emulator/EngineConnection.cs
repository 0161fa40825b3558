using System.Buffers;
using System.Net.Sockets;
using System.Runtime.InteropServices;
using Org.BouncyCastle.Tls;

namespace TlsDoctor.Emulator;

/// <summary>
/// A BouncyCastle <see cref="TlsServerProtocol"/> in non-blocking mode driven over an async stream: bytes read
/// from the socket are offered to the engine, whatever the engine produces is written back. One lock serializes
/// the engine and socket writes, so a proxy can read and write from two tasks. Reads go through a
/// <see cref="SocketReceiver"/>: a client's reset reads as the end of its connection (<see cref="TransportFailed"/>
/// tells the two apart), without an exception. Buffers come from the shared pool and go back on <see cref="Dispose"/>.
/// </summary>
internal sealed class EngineConnection : IDisposable
{
    // One TLS record with its header and the largest expansion a client may send (RFC 8446 5.2, RFC 5246 6.2.3).
    private const int ReadBufferLength = 16 * 1024 + 2048;

    private readonly Stream _stream;
    private readonly SocketReceiver _receiver;
    private readonly TlsServerProtocol _protocol;
    private readonly SemaphoreSlim _lock = new(1, 1);
    private byte[]? _readBuffer = ArrayPool<byte>.Shared.Rent(ReadBufferLength);
    // A read or write on the socket failed (reset by the client, broken pipe): nothing sent afterwards can arrive. The
    // closing close_notify is then not attempted, which spares a write that would fail with an exception (each costs a
    // stack walk; under `openssl s_time -new`, which resets every connection, they took about a third of serve's CPU).
    private bool _transportFailed;

    /// <summary>A connection on <paramref name="socket"/>: reads from the socket, writes through <paramref name="stream"/> (over the same socket).</summary>
    public EngineConnection(Socket socket, Stream stream, TlsServerProtocol protocol)
    {
        _stream = stream;
        _receiver = new SocketReceiver(socket);
        _protocol = protocol;
    }

    /// <summary>A read or write on the socket failed (the client reset the connection): the end of the connection was not a close.</summary>
    public bool TransportFailed => _transportFailed;

    public long BytesIn { get; private set; }
    public long BytesOut { get; private set; }

    /// <summary>Called whenever bytes move in either direction (for idle detection).</summary>
    public Action? Activity { get; init; }

    public bool IsHandshaking => _protocol.IsHandshaking;
    public bool IsClosed => _protocol.IsClosed;

    /// <summary>Offers bytes the client sent (replayed or fresh) and writes the engine's answer. Engine exceptions propagate after the answer (an alert) is written.</summary>
    public async Task OfferAsync(ReadOnlyMemory<byte> input, CancellationToken cancellationToken)
    {
        await _lock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            BytesIn += input.Length;
            try
            {
                if (MemoryMarshal.TryGetArray(input, out var segment)) _protocol.OfferInput(segment.Array, segment.Offset, segment.Count);
                else _protocol.OfferInput(input.ToArray());
            }
            finally
            {
                await FlushLockedAsync(cancellationToken).ConfigureAwait(false);
            }
        }
        finally { _lock.Release(); }
    }

    /// <summary>
    /// Reads from the socket and offers it; false when the client closed the TCP connection or reset it (then
    /// <see cref="TransportFailed"/> is true).
    /// </summary>
    public async Task<bool> PumpOnceAsync(CancellationToken cancellationToken)
    {
        var buffer = _readBuffer ?? throw new ObjectDisposedException(nameof(EngineConnection));
        var n = await _receiver.ReceiveAsync(buffer.AsMemory(0, ReadBufferLength), cancellationToken).ConfigureAwait(false);
        if (n < 0) _transportFailed = true;
        if (n <= 0) return false;
        Activity?.Invoke();
        await OfferAsync(buffer.AsMemory(0, n), cancellationToken).ConfigureAwait(false);
        return true;
    }

    /// <summary>
    /// Reads decrypted application data into <paramref name="destination"/>, pumping the socket as needed;
    /// 0 when the client closed (TCP FIN or close_notify) or reset the connection (<see cref="TransportFailed"/>).
    /// </summary>
    public async Task<int> ReadApplicationAsync(byte[] destination, CancellationToken cancellationToken)
    {
        while (true)
        {
            await _lock.WaitAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                var available = _protocol.GetAvailableInputBytes();
                if (available > 0) return _protocol.ReadInput(destination, 0, Math.Min(available, destination.Length));
                if (_protocol.IsClosed) return 0;
            }
            finally { _lock.Release(); }
            if (!await PumpOnceAsync(cancellationToken).ConfigureAwait(false)) return 0;
        }
    }

    public async Task WriteApplicationAsync(ReadOnlyMemory<byte> data, CancellationToken cancellationToken)
    {
        await _lock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            _protocol.WriteApplicationData(data.Span);
            await FlushLockedAsync(cancellationToken).ConfigureAwait(false);
        }
        finally { _lock.Release(); }
    }

    /// <summary>
    /// Sends a fatal alert the engine raised but did not write: BouncyCastle drops an alert raised while it reads the
    /// ClientHello (before its record layer has a version), so the client would see only a close. Nothing is sent once
    /// the engine has written anything. Never throws.
    /// </summary>
    public async Task SendAlertIfSilentAsync(byte description, CancellationToken cancellationToken)
    {
        if (BytesOut > 0 || _transportFailed) return;
        try
        {
            var record = new Wire.Alert(2, description).ToRecord();
            await _stream.WriteAsync(record, cancellationToken).ConfigureAwait(false);
            BytesOut += record.Length;
        }
        catch (Exception e) when (e is IOException or OperationCanceledException or ObjectDisposedException) { }
    }

    /// <summary>Sends close_notify (RFC 8446 6.1) and flushes; never throws.</summary>
    public async Task CloseAsync(CancellationToken cancellationToken)
    {
        if (_transportFailed) return;
        try
        {
            await _lock.WaitAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                if (!_protocol.IsClosed) _protocol.Close();
                await FlushLockedAsync(cancellationToken).ConfigureAwait(false);
            }
            finally { _lock.Release(); }
        }
        catch (Exception e) when (e is IOException or OperationCanceledException or ObjectDisposedException or TlsException) { }
    }

    private async Task FlushLockedAsync(CancellationToken cancellationToken)
    {
        var available = _protocol.GetAvailableOutputBytes();
        if (available == 0) return;
        var output = ArrayPool<byte>.Shared.Rent(available);
        try
        {
            var n = _protocol.ReadOutput(output, 0, available);
            BytesOut += n;
            Activity?.Invoke();
            try { await _stream.WriteAsync(output.AsMemory(0, n), cancellationToken).ConfigureAwait(false); }
            catch (IOException) { _transportFailed = true; throw; }
        }
        finally { ArrayPool<byte>.Shared.Return(output); }
    }

    /// <summary>Returns the read buffer to the pool; call when no read is pending (the connection's tasks have ended).</summary>
    public void Dispose()
    {
        _receiver.Dispose();
        if (Interlocked.Exchange(ref _readBuffer, null) is { } buffer) ArrayPool<byte>.Shared.Return(buffer);
    }
}
