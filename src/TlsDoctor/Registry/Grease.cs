namespace TlsDoctor.Registry;

/// <summary>GREASE values, RFC 8701 section 2: 0x?A?A with equal bytes, and 0x?B for one-byte PSK modes.</summary>
public static class Grease
{
    public static bool IsGrease(ushort value) => (value & 0x0F0F) == 0x0A0A && (value >> 8) == (value & 0xFF);

    public static bool IsGreasePskMode(byte value) => (value & 0x1F) == 0x0B;

    public static IReadOnlyList<ushort> Values { get; } =
        Enumerable.Range(0, 16).Select(i => (ushort)(i << 12 | 0x0A00 | i << 4 | 0x0A)).ToArray();
}
