using System.Security.Cryptography;
using System.Text;
using TlsDoctor.Registry;

namespace TlsDoctor.Capture;

/// <summary>
/// JA3 (Salesforce, https://github.com/salesforce/ja3): the decimal fields
/// SSLVersion,Ciphers,Extensions,EllipticCurves,EllipticCurvePointFormats — list values joined by "-", GREASE values
/// (RFC 8701) left out, empty fields left empty — and the MD5 of that string in lowercase hex.
/// </summary>
public static class Ja3
{
    public static string String(FingerprintInput hello)
    {
        var sb = new StringBuilder(256);
        sb.Append(hello.LegacyVersion).Append(',');
        Join(sb, hello.CipherSuites);
        sb.Append(',');
        Join(sb, hello.ExtensionTypes);
        sb.Append(',');
        Join(sb, hello.SupportedGroups);
        sb.Append(',');
        sb.AppendJoin('-', hello.EcPointFormats);
        return sb.ToString();
    }

    public static string Hash(string ja3String) =>
        Convert.ToHexStringLower(MD5.HashData(Encoding.ASCII.GetBytes(ja3String)));

    private static void Join(StringBuilder sb, IReadOnlyList<ushort> values)
    {
        var first = true;
        foreach (var v in values)
        {
            if (Grease.IsGrease(v)) continue;
            if (!first) sb.Append('-');
            sb.Append(v);
            first = false;
        }
    }
}
