namespace TlsDoctor.Registry;

/// <summary>Formatting and parsing of 16-bit code points as the program prints them everywhere ("0xC02F").</summary>
public static class Codepoint
{
    public static string Format(ushort code) => "0x" + code.ToString("X4");

    /// <summary>
    /// Parses "0xC02F", "C02F", "c02f", "C0,2F", "0xC0,0x2F" and "{0xC0,0x2F}" into a code point.
    /// Returns false on anything else.
    /// </summary>
    public static bool TryParse(string text, out ushort code)
    {
        code = 0;
        var s = text.Trim().Trim('{', '}', '(', ')').Replace(" ", "");
        if (s.Contains(','))
        {
            var parts = s.Split(',');
            if (parts.Length != 2) return false;
            if (!TryParseByte(parts[0], out var hi) || !TryParseByte(parts[1], out var lo)) return false;
            code = (ushort)(hi << 8 | lo);
            return true;
        }
        if (s.StartsWith("0x", StringComparison.OrdinalIgnoreCase)) s = s[2..];
        if (s.Length is < 1 or > 4 || !s.All(Uri.IsHexDigit)) return false;
        // Bare words such as "ADD" or "BEEF" are names before they are numbers; only accept
        // unprefixed hex when it is exactly four digits.
        if (!text.Trim().StartsWith("0x", StringComparison.OrdinalIgnoreCase) && s.Length != 4) return false;
        code = Convert.ToUInt16(s, 16);
        return true;
    }

    private static bool TryParseByte(string s, out byte b)
    {
        b = 0;
        if (s.StartsWith("0x", StringComparison.OrdinalIgnoreCase)) s = s[2..];
        if (s.Length is < 1 or > 2 || !s.All(Uri.IsHexDigit)) return false;
        b = Convert.ToByte(s, 16);
        return true;
    }
}
