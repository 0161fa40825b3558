using System.Security.Cryptography;
using TlsDoctor.Negotiation;
using TlsDoctor.Registry;
using TlsDoctor.Wire;

namespace TlsDoctor.Emulator;

/// <summary>
/// Answers a hello the policy accepts with a suite or version no available engine can complete (RC4, single DES,
/// export suites, SSL 3.0): ServerHello, Certificate, ServerHelloDone, then the caller closes. Scanners and
/// simulations then see the policy exactly as the load balancer answers it. No ServerKeyExchange is sent, so
/// export and DHE suites answered this way show their ServerHello and certificate only.
/// </summary>
internal static class HelloOnlyResponder
{
    public static ServerCertificate PickCertificate(ushort? suite, IReadOnlyList<ServerCertificate> certificates)
    {
        var info = suite is { } s ? CipherSuites.Find(s) : null;
        var wanted = info?.Auth == "ECDSA" ? CertificateKind.Ecdsa : CertificateKind.Rsa;
        return certificates.FirstOrDefault(c => c.Kind == wanted) ?? certificates[0];
    }

    public static byte[] Build(HelloAnalysis analysis, ServerCertificate certificate)
    {
        var version = (analysis.Version ?? TlsVersion.Tls10).Value;
        var suite = analysis.Suite ?? throw new ArgumentException("an agreed analysis has a suite", nameof(analysis));
        var serverHello = new ServerHello
        {
            LegacyVersion = version,
            Random = RandomNumberGenerator.GetBytes(32),
            CipherSuite = suite,
            // RFC 5746 3.6: a server answers a client that signalled secure renegotiation with an empty renegotiated_connection.
            Extensions = analysis.ClientSignalsRenegotiationInfo ? [new TlsExtension(Registry.ExtensionType.RenegotiationInfo, new byte[] { 0 })] : null,
        };
        var certificateMessage = new CertificateMessage { Certificates = certificate.ChainDer.Select(d => (ReadOnlyMemory<byte>)d).ToList() };
        byte[] flight = [.. serverHello.ToBytes(), .. certificateMessage.ToBytes(), .. new ServerHelloDone().ToBytes()];
        return TlsRecord.Wrap(ContentType.Handshake, version, flight);
    }
}
