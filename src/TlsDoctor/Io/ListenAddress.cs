using System.Net;
using System.Net.Sockets;

namespace TlsDoctor.Io;

/// <summary>
/// The address a listener (serve, capture) binds, as users write it: PORT (on 127.0.0.1), IPv4:PORT, [IPv6]:PORT, or an
/// address alone (IPv4, IPv6 with or without brackets) on the command's default port. Host names are refused: a listener
/// binds an address, and resolving a name could pick one the user did not mean.
/// </summary>
public static class ListenAddress
{
    /// <summary>The accepted forms, as messages and help name them.</summary>
    public const string Forms = "PORT, IPv4:PORT, [IPv6]:PORT or an address alone";

    /// <summary>The endpoint <paramref name="text"/> names, or null when it is none of <see cref="Forms"/>.</summary>
    public static IPEndPoint? Parse(string text, int defaultPort)
    {
        if (text.Length == 0 || text.Length > 100 || text.Trim().Length != text.Length) return null;
        if (text.All(char.IsAsciiDigit))
            return int.TryParse(text, out var port) && port <= IPEndPoint.MaxPort ? new IPEndPoint(IPAddress.Loopback, port) : null;
        var colons = text.Count(c => c == ':');
        // An address alone: IPv4, [IPv6] or an IPv6 address without brackets (two colons or more; its last group is no port).
        if (colons == 0 || (colons >= 2 && !text.Contains('[')) || (text.StartsWith('[') && text.EndsWith(']')))
            return Address(text.Trim('[', ']')) is { } alone ? new IPEndPoint(alone, defaultPort) : null;
        // ADDRESS:PORT: IPv4 with one colon, or [IPv6]:PORT.
        var split = text.LastIndexOf(':');
        var host = text[..split];
        var portText = text[(split + 1)..];
        if (portText.Length == 0 || portText.Length > 5 || !portText.All(char.IsAsciiDigit) || int.Parse(portText) > IPEndPoint.MaxPort) return null;
        if (host.StartsWith('[') != host.EndsWith(']')) return null;
        var bracketed = host.StartsWith('[');
        var address = Address(bracketed ? host[1..^1] : host);
        if (address is null || bracketed != (address.AddressFamily == AddressFamily.InterNetworkV6)) return null;
        return new IPEndPoint(address, int.Parse(portText));
    }

    /// <summary>An IPv4 address in dotted-quad form (not "127.1", which IPAddress reads as 127.0.0.1) or an IPv6 address.</summary>
    private static IPAddress? Address(string text)
    {
        if (!IPAddress.TryParse(text, out var address)) return null;
        if (address.AddressFamily == AddressFamily.InterNetwork && text.Count(c => c == '.') != 3) return null;
        if (address.AddressFamily == AddressFamily.InterNetworkV6 && !text.Contains(':')) return null;
        return address;
    }
}
