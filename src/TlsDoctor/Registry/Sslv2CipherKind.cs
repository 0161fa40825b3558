namespace TlsDoctor.Registry;

/// <summary>An SSL 2.0 three-byte CIPHER-KIND (draft-hickman-netscape-ssl-00 appendix C) from data/registry/sslv2-ciphers.csv.</summary>
public sealed record Sslv2CipherKind(uint Code, string Name, string? OpenSslName, int EncBits, bool IsExport)
{
    public string CodeText => "0x" + Code.ToString("X6");
    public override string ToString() => Name;
}
