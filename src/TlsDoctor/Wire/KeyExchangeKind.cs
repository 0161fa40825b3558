using TlsDoctor.Registry;

namespace TlsDoctor.Wire;

/// <summary>The shape of a TLS ≤ 1.2 ServerKeyExchange, which depends on the negotiated suite's key exchange.</summary>
public enum KeyExchangeKind
{
    /// <summary>No ServerKeyExchange (static RSA, static (EC)DH).</summary>
    None,
    /// <summary>ServerECDHParams (RFC 8422 5.4), signed unless anonymous.</summary>
    Ecdhe,
    /// <summary>ServerDHParams (RFC 5246 7.4.3), signed unless anonymous.</summary>
    Dhe,
    /// <summary>ServerRSAParams of export suites (RFC 2246 7.4.3).</summary>
    RsaExport,
}

/// <summary>Maps a cipher suite from the registry to the ServerKeyExchange it implies.</summary>
public static class KeyExchangeKinds
{
    public static KeyExchangeKind For(CipherSuite suite) => suite.Kx switch
    {
        "ECDH" or "ECDHEPSK" => suite.Auth is "ECDH" ? KeyExchangeKind.None : KeyExchangeKind.Ecdhe,
        "DH" or "DH(512)" or "DH(1024)" or "DHEPSK" => KeyExchangeKind.Dhe,
        "RSA(512)" or "RSA(1024)" => KeyExchangeKind.RsaExport,
        _ => KeyExchangeKind.None,
    };

    /// <summary>PSK suites put a psk_identity_hint before the parameters (RFC 4279 section 2, RFC 5489 section 2).</summary>
    public static bool HasPskHint(CipherSuite suite) => suite.Kx.Contains("PSK", StringComparison.Ordinal);

    /// <summary>Anonymous suites carry no signature.</summary>
    public static bool IsSigned(CipherSuite suite) => suite.Auth is not ("None" or "PSK") && !suite.Kx.Contains("PSK", StringComparison.Ordinal);
}
