using System.Net;

namespace TlsDoctor.Capture;

/// <summary>Limits and address of the capture listener. The defaults bound memory to roughly MaxConnections × 100 KiB.</summary>
public sealed record CaptureListenerOptions
{
    /// <summary>Where to listen; loopback by default. Port 0 picks a free port (see <see cref="CaptureListener.LocalEndpoint"/>).</summary>
    public IPEndPoint Endpoint { get; init; } = new(IPAddress.Loopback, 8443);

    /// <summary>Connections read at the same time; further clients wait in the kernel's accept queue.</summary>
    public int MaxConnections { get; init; } = 256;

    /// <summary>Accept queue length passed to listen(2).</summary>
    public int Backlog { get; init; } = 1024;

    /// <summary>Time from accept until the ClientHello must be complete; slower clients are recorded as timed out.</summary>
    public TimeSpan HelloTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Largest ClientHello accepted (handshake message length field); larger claims are recorded as malformed.</summary>
    public int MaxHelloBytes { get; init; } = Wire.RecordAssembler.MaxHelloLength;
}
