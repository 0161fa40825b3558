using System.Security.Cryptography;
using System.Text;
using TlsDoctor.Registry;

namespace TlsDoctor.Capture;

/// <summary>
/// JA4 TLS client fingerprint and its raw form JA4_r, per FoxIO's specification
/// (https://github.com/FoxIO-LLC/ja4/blob/main/technical_details/JA4.md, BSD-3-Clause):
/// <c>{t|q}{version}{d|i}{#suites:00}{#extensions:00}{alpn}_{sha256(sorted suites)[..12]}_{sha256(sorted extensions
/// without SNI and ALPN "_" signature algorithms in order)[..12]}</c>. GREASE is ignored everywhere.
/// </summary>
public static class Ja4
{
    /// <summary>The fingerprint and its raw (unhashed) form.</summary>
    public readonly record struct Result(string Fingerprint, string Raw);

    public static Result Compute(FingerprintInput hello, CaptureTransport transport)
    {
        var suites = hello.CipherSuites.Where(v => !Grease.IsGrease(v)).ToList();
        var extensions = hello.ExtensionTypes.Where(v => !Grease.IsGrease(v)).ToList();
        var a = new StringBuilder(10)
            .Append(transport == CaptureTransport.Quic ? 'q' : 't')
            .Append(VersionField(hello))
            .Append(hello.HasServerName ? 'd' : 'i')
            .Append(Count(suites.Count))
            .Append(Count(extensions.Count))
            .Append(AlpnField(hello.FirstAlpn))
            .ToString();

        var suiteList = string.Join(',', suites.Order().Select(Hex));
        // SNI (0x0000) and ALPN (0x0010) are counted in part a but left out of the hashed list.
        var extensionList = string.Join(',', extensions.Where(e => e is not 0x0000 and not 0x0010).Order().Select(Hex));
        var signatures = string.Join(',', hello.SignatureAlgorithms.Where(v => !Grease.IsGrease(v)).Select(Hex));
        var c = signatures.Length == 0 ? extensionList : extensionList + "_" + signatures;

        var b = suites.Count == 0 ? "000000000000" : Sha256Prefix(suiteList);
        var cHash = extensionList.Length == 0 && signatures.Length == 0 ? "000000000000" : Sha256Prefix(c);
        return new Result($"{a}_{b}_{cHash}", $"{a}_{suiteList}_{c}");
    }

    /// <summary>Highest non-GREASE supported_versions entry, else legacy_version; "00" when unknown.</summary>
    private static string VersionField(FingerprintInput hello)
    {
        var offered = hello.SupportedVersions.Where(v => !Grease.IsGrease(v)).ToList();
        var version = offered.Count > 0 ? offered.Max() : hello.LegacyVersion;
        return version switch
        {
            0x0304 => "13",
            0x0303 => "12",
            0x0302 => "11",
            0x0301 => "10",
            0x0300 => "s3",
            0x0002 => "s2",
            0x0100 => "s1",
            0xFEFF => "d1",
            0xFEFD => "d2",
            0xFEFC => "d3",
            _ => "00",
        };
    }

    /// <summary>
    /// First and last character of the first ALPN value; "00" when absent. When either is not an ASCII letter or digit,
    /// the first hex digit of the first byte and the last hex digit of the last byte.
    /// </summary>
    private static string AlpnField(byte[]? alpn)
    {
        if (alpn is null || alpn.Length == 0) return "00";
        var first = alpn[0];
        var last = alpn[^1];
        if (IsAlphanumeric(first) && IsAlphanumeric(last)) return $"{(char)first}{(char)last}";
        var hex = "0123456789abcdef";
        return $"{hex[first >> 4]}{hex[last & 0x0F]}";
    }

    private static bool IsAlphanumeric(byte b) => b is >= (byte)'0' and <= (byte)'9' or >= (byte)'a' and <= (byte)'z' or >= (byte)'A' and <= (byte)'Z';

    private static string Count(int n) => Math.Min(n, 99).ToString("00");

    private static string Hex(ushort v) => v.ToString("x4");

    private static string Sha256Prefix(string s) => Convert.ToHexStringLower(SHA256.HashData(Encoding.ASCII.GetBytes(s)))[..12];
}
