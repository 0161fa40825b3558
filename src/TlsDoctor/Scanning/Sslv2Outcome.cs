namespace TlsDoctor.Scanning;

/// <summary>The answer to an SSL 2.0 ClientHello: the cipher kinds of the SERVER-HELLO (3-byte codes), or a failure.</summary>
public sealed record Sslv2Outcome(IReadOnlyList<uint>? CipherKinds, byte[]? Certificate, ProbeFailure? Failure)
{
    public bool IsSupported => CipherKinds is not null;
}
