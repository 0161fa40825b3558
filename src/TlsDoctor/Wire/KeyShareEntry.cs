using TlsDoctor.Registry;

namespace TlsDoctor.Wire;

/// <summary>RFC 8446 section 4.2.8: <c>struct { NamedGroup group; opaque key_exchange&lt;1..2^16-1&gt;; } KeyShareEntry;</c></summary>
public readonly record struct KeyShareEntry(ushort Group, ReadOnlyMemory<byte> KeyExchange)
{
    public string GroupName => Groups.Describe(Group);
    public override string ToString() => $"{GroupName} ({KeyExchange.Length} bytes)";
}
