using TlsDoctor.Registry;

namespace TlsDoctor.Wire;

/// <summary>
/// One extension as it is on the wire (RFC 8446 section 4.2: <c>struct { ExtensionType extension_type;
/// opaque extension_data&lt;0..2^16-1&gt;; } Extension;</c>). Unknown and GREASE types are kept as data;
/// typed views are read from <see cref="Data"/> by <see cref="ExtensionCodec"/>.
/// </summary>
public readonly record struct TlsExtension(ushort Type, ReadOnlyMemory<byte> Data)
{
    public string Name => Extensions.Describe(Type);
    public bool IsGrease => Grease.IsGrease(Type);
    public override string ToString() => $"{Name} ({Codepoint.Format(Type)}, {Data.Length} bytes)";
}
