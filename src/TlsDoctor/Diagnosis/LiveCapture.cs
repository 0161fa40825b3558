using System.Net;
using System.Net.Sockets;
using TlsDoctor.Capture;
using TlsDoctor.Emulator;
using TlsDoctor.Io;
using TlsDoctor.Negotiation;

namespace TlsDoctor.Diagnosis;

/// <summary>
/// `capture --listen`: the capture listener recording every ClientHello and, with a policy to complete with
/// (`--complete`), the emulator taking over each connection after its hello was recorded, so the client sees a real
/// handshake. Capture and Emulator do not know each other; this is where they meet.
/// </summary>
public sealed class LiveCapture : IAsyncDisposable
{
    private readonly TlsEmulator? _emulator;

    private LiveCapture(CaptureListener listener, TlsEmulator? emulator)
    {
        Listener = listener;
        _emulator = emulator;
    }

    public CaptureListener Listener { get; }

    /// <summary>
    /// Starts the emulator (when <paramref name="completeWith"/> is given: self-signed RSA and ECDSA certificates, no
    /// listener of its own) and binds the capture listener. Errors are one sentence: the emulator cannot serve the
    /// policy, or the address cannot be bound.
    /// </summary>
    public static async Task<(LiveCapture? Capture, string? Error)> StartAsync(CaptureListenerOptions options, CaptureRecorder recorder, ServerPolicy? completeWith,
        TimeProvider? time = null, CancellationToken cancellationToken = default)
    {
        TlsEmulator? emulator = null;
        if (completeWith is not null)
        {
            var started = await TlsEmulator.StartAsync(new EmulatorOptions
            {
                Policy = completeWith,
                Listen = null,
                Certificates = [ServerCertificate.Generate(CertificateKind.Rsa), ServerCertificate.Generate(CertificateKind.Ecdsa)],
                MaxConnections = options.MaxConnections,
            }, cancellationToken: cancellationToken).ConfigureAwait(false);
            if (started.Error is { } error) return (null, $"cannot start the emulator for --complete: {error.Message}");
            emulator = started.Emulator!;
        }
        try
        {
            var listener = CaptureListener.Start(options, recorder, time, emulator is null ? null : emulator.HandOffAsync);
            return (new LiveCapture(listener, emulator), null);
        }
        catch (SocketException e)
        {
            if (emulator is not null) await emulator.DisposeAsync().ConfigureAwait(false);
            return (null, ListenFailure.Describe(options.Endpoint, e));
        }
    }

    /// <summary>Accepts until cancelled (see <see cref="CaptureListener.RunAsync"/>).</summary>
    public Task RunAsync(CancellationToken cancellationToken) => Listener.RunAsync(cancellationToken);

    public async ValueTask DisposeAsync()
    {
        await Listener.DisposeAsync().ConfigureAwait(false);
        if (_emulator is not null) await _emulator.DisposeAsync().ConfigureAwait(false);
    }
}
