using System.Net;

namespace TlsDoctor.Capture;

/// <summary>How endpoints are written in output and in the store: "192.0.2.1:443", "[2001:db8::1]:443".</summary>
public static class CaptureEndpoint
{
    public static string Format(IPEndPoint endpoint)
    {
        var address = endpoint.Address.IsIPv4MappedToIPv6 ? endpoint.Address.MapToIPv4() : endpoint.Address;
        return address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6
            ? $"[{address}]:{endpoint.Port}"
            : $"{address}:{endpoint.Port}";
    }
}
