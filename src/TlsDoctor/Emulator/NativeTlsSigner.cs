using System.Security.Cryptography;
using Org.BouncyCastle.Tls;
using Org.BouncyCastle.Tls.Crypto;

namespace TlsDoctor.Emulator;

/// <summary>
/// Signs the handshake (ServerKeyExchange, TLS 1.3 CertificateVerify) with the platform's RSA/ECDSA (OpenSSL on
/// Linux), an order of magnitude faster than managed big-integer code; what is signed and with which scheme stays
/// BouncyCastle's decision. TLS 1.0/1.1's MD5+SHA-1 RSA signature has no platform equivalent and uses the fallback;
/// TLS 1.0/1.1's ECDSA signs the SHA-1 half of BouncyCastle's legacy hash.
/// </summary>
internal sealed class NativeTlsSigner(AsymmetricAlgorithm key, TlsSigner fallback) : TlsSigner
{
    public byte[] GenerateRawSignature(SignatureAndHashAlgorithm algorithm, byte[] hash)
    {
        switch (key)
        {
            case RSA rsa when algorithm is not null && algorithm.Signature == SignatureAlgorithm.rsa && HashName(algorithm.Hash) is { } name:
                // RFC 5246 4.7: RSASSA-PKCS1-v1_5 over a DigestInfo of the hash.
                return rsa.SignHash(hash, name, RSASignaturePadding.Pkcs1);
            case RSA rsa when algorithm is not null && PssHash(algorithm.Signature) is { } pssName:
                // RFC 8446 4.2.3: rsa_pss_rsae_* use RSASSA-PSS with MGF1 and a salt as long as the hash (.NET's Pss).
                return rsa.SignHash(hash, pssName, RSASignaturePadding.Pss);
            case ECDsa ecdsa when algorithm is null:
                // TLS 1.0/1.1 (RFC 4492 5.4, RFC 8422 5.4): ECDSA signs SHA-1 of the parameters alone. BouncyCastle hands every
                // legacy signer the MD5+SHA-1 concatenation (36 bytes) and leaves it to the signer to pick its part: the last 20.
                if (hash.Length != 36) throw new TlsFatalAlert(AlertDescription.internal_error);
                return ecdsa.SignHash(hash.AsSpan(16, 20), DSASignatureFormat.Rfc3279DerSequence);
            case ECDsa ecdsa when algorithm.Signature == SignatureAlgorithm.ecdsa:
                // RFC 8422 5.4: ECDSA-Sig-Value, DER encoded.
                return ecdsa.SignHash(hash, DSASignatureFormat.Rfc3279DerSequence);
            default:
                return fallback.GenerateRawSignature(algorithm, hash);
        }
    }

    public TlsStreamSigner? GetStreamSigner(SignatureAndHashAlgorithm algorithm) => null;

    private static HashAlgorithmName? HashName(short hash) => hash switch
    {
        Org.BouncyCastle.Tls.HashAlgorithm.sha1 => HashAlgorithmName.SHA1,
        Org.BouncyCastle.Tls.HashAlgorithm.sha256 => HashAlgorithmName.SHA256,
        Org.BouncyCastle.Tls.HashAlgorithm.sha384 => HashAlgorithmName.SHA384,
        Org.BouncyCastle.Tls.HashAlgorithm.sha512 => HashAlgorithmName.SHA512,
        _ => null,
    };

    private static HashAlgorithmName? PssHash(short signature) => signature switch
    {
        SignatureAlgorithm.rsa_pss_rsae_sha256 => HashAlgorithmName.SHA256,
        SignatureAlgorithm.rsa_pss_rsae_sha384 => HashAlgorithmName.SHA384,
        SignatureAlgorithm.rsa_pss_rsae_sha512 => HashAlgorithmName.SHA512,
        _ => null,
    };
}
