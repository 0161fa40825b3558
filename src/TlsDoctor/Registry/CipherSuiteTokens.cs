namespace TlsDoctor.Registry;

/// <summary>
/// A cipher-suite name split the way ciphersuite.info splits it (directory/signals.py, see
/// data/SOURCES.md): protocol, key exchange, authentication, encryption and hash tokens, words
/// separated by single spaces ("AES 128 GCM"), "-" where the name has no such part.
/// </summary>
public sealed record CipherSuiteTokens(string Protocol, string Kex, string Auth, string Enc, string Hash, bool IsTls13Style)
{
    public override string ToString() => $"{Protocol} / {Kex} / {Auth} / {Enc} / {Hash}";
}
