using System.Globalization;

namespace TlsDoctor.Wire;

/// <summary>
/// Turns hex as users paste it into bytes: a plain hex stream ("160301…"), bytes separated by spaces, colons,
/// commas or dashes ("16:03:01", "0x16, 0x03"), and Wireshark's "Copy as Hex Dump" (offset column and ASCII column).
/// </summary>
public static class HexInput
{
    public static bool TryParse(string text, out byte[] bytes, out string? error)
    {
        bytes = [];
        error = null;
        var digits = new List<char>(text.Length);
        foreach (var rawLine in text.Split('\n'))
        {
            var line = rawLine.Trim();
            if (line.Length == 0) continue;
            if (TryHexDumpLine(line, digits)) continue;
            var cleaned = line.Replace("0x", " ", StringComparison.OrdinalIgnoreCase).Replace("\\x", " ", StringComparison.OrdinalIgnoreCase);
            foreach (var c in cleaned)
            {
                if (Uri.IsHexDigit(c)) digits.Add(c);
                else if (c is ' ' or '\t' or '\r' or ':' or ',' or '-' or '{' or '}' or '[' or ']' or '"' or '\'') continue;
                else { error = $"'{c}' is not a hex digit"; return false; }
            }
        }
        if (digits.Count == 0) { error = "no hex digits"; return false; }
        if (digits.Count % 2 != 0) { error = $"odd number of hex digits ({digits.Count})"; return false; }
        bytes = new byte[digits.Count / 2];
        for (var i = 0; i < bytes.Length; i++)
            bytes[i] = byte.Parse(string.Concat(digits[2 * i], digits[2 * i + 1]), NumberStyles.HexNumber, CultureInfo.InvariantCulture);
        return true;
    }

    // Wireshark hex dump: "0000   16 03 01 02 00 01 00 01 fc 03 03 8f 2e 95 57 07   ................"
    private static bool TryHexDumpLine(string line, List<char> digits)
    {
        var parts = line.Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length < 2 || parts[0].Length is < 4 or > 8 || !parts[0].All(Uri.IsHexDigit)) return false;
        if (!(line.Length > parts[0].Length + 1 && line[parts[0].Length] is ' ' or '\t' && line.AsSpan(parts[0].Length).StartsWith("  "))) return false;
        var taken = 0;
        for (var i = 1; i < parts.Length && taken < 16; i++)
        {
            if (parts[i].Length != 2 || !parts[i].All(Uri.IsHexDigit)) break;
            digits.Add(parts[i][0]); digits.Add(parts[i][1]);
            taken++;
        }
        return taken > 0;
    }
}
