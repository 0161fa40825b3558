using Org.BouncyCastle.Tls;
using Org.BouncyCastle.Tls.Crypto;

namespace TlsDoctor.Emulator;

/// <summary>
/// The served certificate chains as the engine sends them (a TLS 1.2 and earlier Certificate message, and a TLS 1.3
/// one with empty request context and no entry extensions), converted once per emulator: converting them for every
/// handshake re-parsed each certificate's DER and took about 2 % of serve's CPU per handshake. The engine only reads
/// them, so every connection shares them.
/// </summary>
internal sealed class ServedChains
{
    private readonly Dictionary<ServerCertificate, (Certificate Legacy, Certificate Tls13)> _chains = new(ReferenceEqualityComparer.Instance);

    public ServedChains(TlsCrypto crypto, IEnumerable<ServerCertificate> certificates)
    {
        foreach (var certificate in certificates)
        {
            var chain = certificate.Chain.Select(c => crypto.CreateCertificate(c.GetEncoded())).ToArray();
            _chains[certificate] = (new Certificate(chain), new Certificate(TlsUtilities.EmptyBytes, chain.Select(c => new CertificateEntry(c, null)).ToArray()));
        }
    }

    public Certificate For(ServerCertificate certificate, bool tls13) => tls13 ? _chains[certificate].Tls13 : _chains[certificate].Legacy;
}
