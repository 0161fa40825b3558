namespace TlsDoctor.Registry;

/// <summary>One SignatureScheme (RFC 8446 section 4.2.3) or TLS 1.2 hash/signature pair from data/registry/signature-schemes.csv.</summary>
public sealed record SignatureScheme(
    ushort Code,
    string Name,
    string? Tls12Hash,
    string? Tls12Signature,
    bool AllowedInTls12,
    bool AllowedInTls13,
    bool IsIanaRecommended)
{
    public string CodeText => Codepoint.Format(Code);

    /// <summary>The certificate key type the scheme signs with: "rsa", "ecdsa", "ed25519", "ed448", "dsa", … .</summary>
    public string KeyType => Name switch
    {
        _ when Name.StartsWith("rsa_", StringComparison.Ordinal) => "rsa",
        _ when Name.StartsWith("ecdsa_", StringComparison.Ordinal) => "ecdsa",
        _ when Name.StartsWith("dsa_", StringComparison.Ordinal) => "dsa",
        "ed25519" or "ed448" => Name,
        _ => Tls12Signature ?? Name,
    };

    public override string ToString() => Name;
}
