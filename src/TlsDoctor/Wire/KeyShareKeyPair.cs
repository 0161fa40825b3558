using TlsDoctor.Registry;

namespace TlsDoctor.Wire;

/// <summary>A generated key share: the public key_exchange bytes sent in the hello, and the private key that goes with it.</summary>
public sealed record KeyShareKeyPair(ushort Group, byte[] PublicKey, byte[] PrivateKey)
{
    public KeyShareEntry ToEntry() => new(Group, PublicKey);
    public override string ToString() => $"{Groups.Describe(Group)} ({PublicKey.Length}-byte share)";
}
