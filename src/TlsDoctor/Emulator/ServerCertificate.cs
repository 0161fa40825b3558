using System.Net;
using Org.BouncyCastle.Asn1;
using Org.BouncyCastle.Asn1.Pkcs;
using Org.BouncyCastle.Asn1.Sec;
using Org.BouncyCastle.Asn1.X509;
using Org.BouncyCastle.Crypto;
using Org.BouncyCastle.Crypto.Generators;
using Org.BouncyCastle.Crypto.Operators;
using Org.BouncyCastle.Crypto.Parameters;
using Org.BouncyCastle.Math;
using Org.BouncyCastle.OpenSsl;
using Org.BouncyCastle.Security;
using Org.BouncyCastle.X509;
using TlsDoctor.Io;
using TlsDoctor.Negotiation;

namespace TlsDoctor.Emulator;

/// <summary>
/// A server certificate chain (leaf first) with its private key: loaded from PEM files or generated self-signed.
/// The key type decides which TLS ≤ 1.2 suites the emulator can serve (RFC 5246 7.4.2, RFC 8422 5.3).
/// </summary>
public sealed class ServerCertificate
{
    private ServerCertificate(CertificateKind kind, IReadOnlyList<X509Certificate> chain, AsymmetricKeyParameter privateKey, bool isSelfSigned)
    {
        Kind = kind;
        Chain = chain;
        PrivateKey = privateKey;
        IsGenerated = isSelfSigned;
    }

    public CertificateKind Kind { get; }

    /// <summary>True when the emulator generated the certificate (no --cert was given).</summary>
    public bool IsGenerated { get; }

    /// <summary>The leaf certificate's subject, as X.500 text.</summary>
    public string Subject => Chain[0].SubjectDN.ToString();

    /// <summary>The leaf's key size in bits (RSA modulus or EC field size).</summary>
    public int KeyBits => PrivateKey switch
    {
        RsaKeyParameters rsa => rsa.Modulus.BitLength,
        ECPrivateKeyParameters ec => ec.Parameters.Curve.FieldSize,
        _ => 0,
    };

    internal IReadOnlyList<X509Certificate> Chain { get; }
    internal AsymmetricKeyParameter PrivateKey { get; }

    private System.Security.Cryptography.AsymmetricAlgorithm? _platformKey;

    /// <summary>The same private key as a platform (OpenSSL-backed) key, for fast handshake signatures.</summary>
    internal System.Security.Cryptography.AsymmetricAlgorithm PlatformKey => LazyInitializer.EnsureInitialized(ref _platformKey, () =>
    {
        var pkcs8 = Org.BouncyCastle.Pkcs.PrivateKeyInfoFactory.CreatePrivateKeyInfo(PrivateKey).GetEncoded();
        System.Security.Cryptography.AsymmetricAlgorithm key = Kind == CertificateKind.Rsa
            ? System.Security.Cryptography.RSA.Create()
            : System.Security.Cryptography.ECDsa.Create();
        key.ImportPkcs8PrivateKey(pkcs8, out _);
        return key;
    });

    /// <summary>The DER encoding of each certificate in the chain, leaf first.</summary>
    public IReadOnlyList<byte[]> ChainDer => Chain.Select(c => c.GetEncoded()).ToArray();

    /// <summary>Writes the chain and the key as PEM (certificate file, PKCS#8 key file).</summary>
    public void WritePem(string certificatePath, string keyPath)
    {
        using (var w = new StreamWriter(certificatePath))
        {
            var pem = new PemWriter(w);
            foreach (var c in Chain) pem.WriteObject(c);
        }
        using (var w = new StreamWriter(keyPath))
            new PemWriter(w).WriteObject(new Org.BouncyCastle.OpenSsl.Pkcs8Generator(PrivateKey));
    }

    /// <summary>
    /// A self-signed certificate for "localhost" (SAN localhost, 127.0.0.1, ::1), valid from yesterday for 30 days:
    /// RSA 2048 with sha256WithRSAEncryption, or ECDSA P-256 with ecdsa-with-SHA256, the key types ELB listener certificates commonly use.
    /// </summary>
    public static ServerCertificate Generate(CertificateKind kind, string commonName = "localhost", SecureRandom? random = null)
    {
        random ??= new SecureRandom();
        AsymmetricCipherKeyPair pair;
        string signatureAlgorithm;
        if (kind == CertificateKind.Rsa)
        {
            var generator = new RsaKeyPairGenerator();
            generator.Init(new RsaKeyGenerationParameters(BigInteger.ValueOf(65537), random, 2048, 100));
            pair = generator.GenerateKeyPair();
            signatureAlgorithm = "SHA256WITHRSA";
        }
        else
        {
            var generator = new ECKeyPairGenerator();
            generator.Init(new ECKeyGenerationParameters(SecObjectIdentifiers.SecP256r1, random));
            pair = generator.GenerateKeyPair();
            signatureAlgorithm = "SHA256WITHECDSA";
        }

        var name = new X509Name($"CN={commonName},O=TlsDoctor serve");
        var now = DateTime.UtcNow;
        var builder = new X509V3CertificateGenerator();
        builder.SetSerialNumber(new BigInteger(64, random).Add(BigInteger.One));
        builder.SetIssuerDN(name);
        builder.SetSubjectDN(name);
        builder.SetNotBefore(now.AddDays(-1));
        builder.SetNotAfter(now.AddDays(30));
        builder.SetPublicKey(pair.Public);
        builder.AddExtension(X509Extensions.BasicConstraints, true, new BasicConstraints(false));
        builder.AddExtension(X509Extensions.KeyUsage, true, new KeyUsage(kind == CertificateKind.Rsa
            ? KeyUsage.DigitalSignature | KeyUsage.KeyEncipherment
            : KeyUsage.DigitalSignature));
        builder.AddExtension(X509Extensions.ExtendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeID.id_kp_serverAuth));
        builder.AddExtension(X509Extensions.SubjectAlternativeName, false, new GeneralNames(
        [
            new GeneralName(GeneralName.DnsName, commonName),
            new GeneralName(GeneralName.IPAddress, new DerOctetString(IPAddress.Loopback.GetAddressBytes())),
            new GeneralName(GeneralName.IPAddress, new DerOctetString(IPAddress.IPv6Loopback.GetAddressBytes())),
        ]));
        var certificate = builder.Generate(new Asn1SignatureFactory(signatureAlgorithm, pair.Private, random));
        return new ServerCertificate(kind, [certificate], pair.Private, isSelfSigned: true);
    }

    /// <summary>
    /// Loads a PEM certificate chain (leaf first) and its PEM private key (PKCS#8, PKCS#1 "RSA PRIVATE KEY" or SEC1
    /// "EC PRIVATE KEY", unencrypted). Returns null and an operator-readable message on any problem.
    /// </summary>
    public static ServerCertificate? TryLoadPem(string certificatePath, string keyPath, out string? error)
    {
        error = null;
        List<X509Certificate> chain = [];
        try
        {
            var read = BoundedInput.Read(certificatePath, InputKind.Pem);
            if (!read.IsSuccess) { error = $"cannot read certificate file: {read.Error}"; return null; }
            using var reader = new PemReader(new StringReader(read.Text));
            while (reader.ReadObject() is { } obj)
                if (obj is X509Certificate c) chain.Add(c);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or PemException or ArgumentException)
        {
            error = $"cannot read certificate file '{certificatePath}': {e.Message}";
            return null;
        }
        if (chain.Count == 0) { error = $"no PEM CERTIFICATE block in '{certificatePath}'"; return null; }

        AsymmetricKeyParameter? key = null;
        try
        {
            var read = BoundedInput.Read(keyPath, InputKind.Pem);
            if (!read.IsSuccess) { error = $"cannot read private key file: {read.Error}"; return null; }
            using var reader = new PemReader(new StringReader(read.Text));
            while (key is null && reader.ReadObject() is { } obj)
            {
                key = obj switch
                {
                    AsymmetricCipherKeyPair pair => pair.Private,
                    AsymmetricKeyParameter { IsPrivate: true } p => p,
                    _ => null,
                };
            }
        }
        catch (Org.BouncyCastle.OpenSsl.PasswordException)
        {
            error = $"the key in '{keyPath}' is encrypted; decrypt it first (openssl pkey -in {keyPath} -out plain.key)";
            return null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or PemException or ArgumentException or InvalidCastException)
        {
            error = $"cannot read private key file '{keyPath}': {e.Message}";
            return null;
        }
        if (key is null) { error = $"no PEM private key block in '{keyPath}'"; return null; }

        var leafKey = chain[0].GetPublicKey();
        CertificateKind kind;
        switch (leafKey)
        {
            case RsaKeyParameters rsaPublic when key is RsaKeyParameters rsaPrivate:
                if (!rsaPublic.Modulus.Equals(rsaPrivate.Modulus)) { error = $"the key in '{keyPath}' does not match the certificate in '{certificatePath}'"; return null; }
                kind = CertificateKind.Rsa;
                break;
            case ECPublicKeyParameters ecPublic when key is ECPrivateKeyParameters ecPrivate:
                if (!ecPublic.Q.Equals(ecPrivate.Parameters.G.Multiply(ecPrivate.D).Normalize())) { error = $"the key in '{keyPath}' does not match the certificate in '{certificatePath}'"; return null; }
                kind = CertificateKind.Ecdsa;
                break;
            case RsaKeyParameters or ECPublicKeyParameters:
                error = $"the key in '{keyPath}' is not of the certificate's key type";
                return null;
            default:
                error = $"unsupported certificate key type {leafKey.GetType().Name}: use an RSA or ECDSA certificate";
                return null;
        }
        return new ServerCertificate(kind, chain, key, isSelfSigned: false);
    }
}
