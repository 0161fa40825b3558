namespace TlsDoctor.Wire;

/// <summary>Handshake message types (RFC 8446 section 4 HandshakeType; RFC 5246 section 7.4 for TLS ≤ 1.2 messages).</summary>
public enum HandshakeType : byte
{
    HelloRequest = 0,
    ClientHello = 1,
    ServerHello = 2,
    HelloVerifyRequest = 3,
    NewSessionTicket = 4,
    EndOfEarlyData = 5,
    EncryptedExtensions = 8,
    Certificate = 11,
    ServerKeyExchange = 12,
    CertificateRequest = 13,
    ServerHelloDone = 14,
    CertificateVerify = 15,
    ClientKeyExchange = 16,
    Finished = 20,
    CertificateUrl = 21,
    CertificateStatus = 22,
    KeyUpdate = 24,
    CompressedCertificate = 25,
    MessageHash = 254,
}
