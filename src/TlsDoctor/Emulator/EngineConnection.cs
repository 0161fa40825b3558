using Org.BouncyCastle.Tls;

namespace TlsDoctor.Emulator;

/// <summary>
/// A BouncyCastle <see cref="TlsServerProtocol"/> in non-blocking mode driven over an async stream: bytes read
/// from the socket are offered to the engine, whatever the engine produces is written back. One lock serializes
/// the engine and socket writes, so a proxy can read and write from two tasks.
/// </summary>
internal sealed class EngineConnection
{
    private readonly Stream _stream;
    private readonly TlsServerProtocol _protocol;
    private readonly SemaphoreSlim _lock = new(1, 1);
    private readonly byte[] _readBuffer = new byte[16 * 1024 + 2048];
    private byte[] _outputBuffer = new byte[16 * 1024];
    // A read or write on the socket failed (reset by the client, broken pipe): nothing sent afterwards can arrive. The
    // closing close_notify is then not attempted, which spares a second exception per reset connection (each costs a
    // stack walk; under `openssl s_time -new`, which resets every connection, they took about a third of serve's CPU).
    private bool _transportFailed;

    public EngineConnection(Stream stream, TlsServerProtocol protocol)
    {
        _stream = stream;
        _protocol = protocol;
    }

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
                _protocol.OfferInput(input.ToArray());
            }
            finally
            {
                await FlushLockedAsync(cancellationToken).ConfigureAwait(false);
            }
        }
        finally { _lock.Release(); }
    }

    /// <summary>Reads from the socket and offers it; false when the client closed the TCP connection.</summary>
    public async Task<bool> PumpOnceAsync(CancellationToken cancellationToken)
    {
        int n;
        try { n = await _stream.ReadAsync(_readBuffer, cancellationToken).ConfigureAwait(false); }
        catch (IOException) { _transportFailed = true; throw; }
        if (n == 0) return false;
        Activity?.Invoke();
        await OfferAsync(_readBuffer.AsMemory(0, n), cancellationToken).ConfigureAwait(false);
        return true;
    }

    /// <summary>
    /// Reads decrypted application data into <paramref name="destination"/>, pumping the socket as needed;
    /// 0 when the client closed (TCP FIN or close_notify).
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
        if (_outputBuffer.Length < available) _outputBuffer = new byte[available];
        var n = _protocol.ReadOutput(_outputBuffer, 0, available);
        BytesOut += n;
        Activity?.Invoke();
        try { await _stream.WriteAsync(_outputBuffer.AsMemory(0, n), cancellationToken).ConfigureAwait(false); }
        catch (IOException) { _transportFailed = true; throw; }
    }
}
