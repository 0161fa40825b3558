namespace TlsDoctor.Registry.OpenSsl;

/// <summary>Why OpenSSL would refuse a cipher string (SSL_CTX_set_cipher_list or SSL_CTX_set_ciphersuites fails).</summary>
public sealed record OpenSslCipherStringError(OpenSslCipherStringErrorKind Kind, string Message, int? Offset = null)
{
    public override string ToString() => Offset is { } o ? $"{Message} (at offset {o})" : Message;
}

public enum OpenSslCipherStringErrorKind
{
    /// <summary>A character that is neither a word, an operator nor a separator, or a bad @ command.</summary>
    InvalidCommand,
    /// <summary>The string selects no TLS 1.2-or-older suite ("no cipher match").</summary>
    NoCipherMatch,
    /// <summary>The TLS 1.3 ciphersuites list names no suite OpenSSL knows.</summary>
    NoTls13CipherMatch,
}
