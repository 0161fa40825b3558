namespace TlsDoctor.Registry;

/// <summary>An SSL 2.0 three-byte CIPHER-KIND (draft-hickman-netscape-ssl-00 appendix C) from data/registry/sslv2-ciphers.csv.</summary>
public sealed record Sslv2CipherKind(uint Code, string Name, string? OpenSslName, int EncBits, bool IsExport)
{
    public string CodeText => "0x" + Code.ToString("X6");

    /// <summary>OpenSSL-style key exchange, authentication, encryption and MAC words, as for TLS suites.</summary>
    public string Kx { get; init; } = "";
    public string Auth { get; init; } = "";
    public string Enc { get; init; } = "";
    public string Mac { get; init; } = "";

    /// <summary>Every SSL 2.0 kind is insecure: the protocol itself is prohibited (RFC 6176).</summary>
    public Rating Rating => Rating.Insecure;
    public override string ToString() => Name;
}
