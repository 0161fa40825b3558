namespace TlsDoctor.Capture;

/// <summary>
/// The link-layer header types the pcap reader understands (tcpdump.org LINKTYPE_ values).
/// Anything else is skipped and counted.
/// </summary>
public enum LinkType
{
    /// <summary>BSD loopback: 4-byte address family in host byte order (LINKTYPE_NULL).</summary>
    Null = 0,
    Ethernet = 1,
    /// <summary>Raw IP, first nibble tells IPv4 or IPv6 (LINKTYPE_RAW; 12 and 14 on some systems).</summary>
    Raw = 101,
    /// <summary>OpenBSD loopback: 4-byte address family in network byte order.</summary>
    Loop = 108,
    /// <summary>Linux cooked capture v1 (16-byte header).</summary>
    LinuxSll = 113,
    Ipv4 = 228,
    Ipv6 = 229,
    /// <summary>Linux cooked capture v2 (20-byte header).</summary>
    LinuxSll2 = 276,
}
