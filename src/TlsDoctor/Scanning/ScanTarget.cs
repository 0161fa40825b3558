using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Net;

namespace TlsDoctor.Scanning;

/// <summary>
/// One endpoint to scan as the user named it: "host", "host:port", "[v6addr]:port", "v4addr:port",
/// or "https://host[:port]/path" (default port 443). <see cref="Sni"/> is the server_name to send
/// (null: none; IP literals get none unless forced).
/// </summary>
public sealed record ScanTarget(string Input, string Host, int Port, string? Sni)
{
    public const int DefaultPort = 443;

    /// <summary>RFC 1035 section 2.3.4: 255 octets on the wire, 253 characters written out.</summary>
    public const int MaxHostNameLength = 253;

    /// <summary>True when <see cref="Host"/> is an IP literal (no resolution needed).</summary>
    public bool IsAddress => IPAddress.TryParse(Host, out _);

    public override string ToString() => Host.Contains(':') ? $"[{Host}]:{Port}" : $"{Host}:{Port}";

    /// <summary>
    /// Parses a target. <paramref name="sni"/> overrides the server_name (empty string with
    /// <paramref name="noSni"/> false is treated as absent); <paramref name="noSni"/> sends none.
    /// </summary>
    public static bool TryParse(string input, [NotNullWhen(true)] out ScanTarget? target, [NotNullWhen(false)] out string? error,
        string? sni = null, bool noSni = false)
    {
        target = null;
        error = null;
        var text = input.Trim();
        if (text.Length == 0) { error = "empty target"; return false; }

        if (text.Contains("://", StringComparison.Ordinal))
        {
            if (!Uri.TryCreate(text, UriKind.Absolute, out var uri) || uri.Host.Length == 0)
            { error = $"'{input}' is not a valid URL"; return false; }
            if (uri.Scheme is not ("https" or "http" or "tls" or "ssl"))
            { error = $"'{input}': unsupported scheme '{uri.Scheme}' (use https:// or host:port)"; return false; }
            var host = uri.Host.Trim('[', ']');
            if (LengthError(host, sni) is { } urlTooLong) { error = urlTooLong; return false; }
            var port = uri.IsDefaultPort || uri.Port < 0 ? DefaultPort : uri.Port;
            target = Make(input, host, port, sni, noSni);
            return true;
        }

        string hostPart;
        int portValue = DefaultPort;
        if (text.StartsWith('['))
        {
            var close = text.IndexOf(']');
            if (close < 0) { error = $"'{input}': missing ']' after the IPv6 address"; return false; }
            hostPart = text[1..close];
            var rest = text[(close + 1)..];
            if (rest.Length > 0)
            {
                if (rest[0] != ':' || !TryPort(rest[1..], out portValue)) { error = $"'{input}': expected [address]:port"; return false; }
            }
            if (!IPAddress.TryParse(hostPart, out var v6) || v6.AddressFamily != System.Net.Sockets.AddressFamily.InterNetworkV6)
            { error = $"'{input}': '{hostPart}' is not an IPv6 address"; return false; }
        }
        else if (text.Count(c => c == ':') > 1)
        {
            // A bare IPv6 address without brackets: no port can be given.
            if (!IPAddress.TryParse(text, out _)) { error = $"'{input}': write IPv6 addresses with a port as [address]:port"; return false; }
            hostPart = text;
        }
        else
        {
            var colon = text.IndexOf(':');
            hostPart = colon < 0 ? text : text[..colon];
            if (colon >= 0 && !TryPort(text[(colon + 1)..], out portValue)) { error = $"'{input}': '{text[(colon + 1)..]}' is not a port (1-65535)"; return false; }
            var slash = hostPart.IndexOf('/');
            if (slash >= 0) { error = $"'{input}': a path needs a scheme (https://{text})"; return false; }
        }
        if (hostPart.Length == 0 || hostPart.Any(char.IsWhiteSpace)) { error = $"'{input}': missing host"; return false; }
        if (LengthError(hostPart, sni) is { } tooLong) { error = tooLong; return false; }
        target = Make(input, hostPart, portValue, sni, noSni);
        return true;
    }

    private static string? LengthError(string host, string? sni) =>
        host.Length > MaxHostNameLength ? $"the host name is {host.Length} characters long; a DNS name has at most {MaxHostNameLength}"
        : sni?.Length > MaxHostNameLength ? $"--sni is {sni.Length} characters long; a server_name is a DNS name of at most {MaxHostNameLength}"
        : null;

    private static ScanTarget Make(string input, string host, int port, string? sni, bool noSni)
    {
        string? name = noSni ? null
            : !string.IsNullOrEmpty(sni) ? sni
            : IPAddress.TryParse(host, out _) ? null   // RFC 6066 section 3: literal IPs are not permitted in server_name.
            : host.TrimEnd('.').ToLowerInvariant();
        return new ScanTarget(input, host, port, name);
    }

    private static bool TryPort(string text, out int port) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out port) && port is > 0 and <= 65535;

    /// <summary>Reads targets from lines of text: one per line; blank lines and lines starting with '#' are skipped.</summary>
    public static IReadOnlyList<(int Line, string Text)> ReadLines(TextReader reader)
    {
        var list = new List<(int, string)>();
        var n = 0;
        while (reader.ReadLine() is { } line)
        {
            n++;
            var t = line.Trim();
            if (t.Length == 0 || t.StartsWith('#')) continue;
            list.Add((n, t));
        }
        return list;
    }
}
