using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using System.Runtime.InteropServices;

namespace TlsDoctor.Testing;

/// <summary>
/// The kernel's TCP state of one socket on this machine, looked up by its addresses through sock_diag (netlink,
/// SOCK_DIAG_BY_FAMILY for one exact socket, the query `ss` makes; no privilege needed). Linux only.
/// </summary>
public static class LocalTcpState
{
    /// <summary>What the lookup found.</summary>
    public enum Kind { Found, Absent, Unknown }

    private const int NetlinkSockDiag = 4;
    private const ushort SockDiagByFamily = 20;
    private const ushort NlmFRequest = 1;
    private const ushort NlmsgError = 2;
    private const int Enoent = 2;

    /// <summary>
    /// The state (include/net/tcp_states.h) of the TCP socket whose own address is <paramref name="local"/> and whose peer
    /// is <paramref name="remote"/>: Found with the state; Absent when the kernel holds no socket with these addresses
    /// (the lookup covers every connected state, TIME_WAIT included, so a socket that was open and is absent has been
    /// closed and freed, as after a close that reset the connection); Unknown when the lookup could not be made.
    /// </summary>
    public static (Kind Kind, int State) Lookup(IPEndPoint local, IPEndPoint remote)
    {
        if (!OperatingSystem.IsLinux() || local.AddressFamily != remote.AddressFamily) return (Kind.Unknown, 0);
        // .NET's Socket does not create netlink sockets; libc does.
        var fd = socket(16 /* AF_NETLINK */, 3 /* SOCK_RAW */ | 0x80000 /* SOCK_CLOEXEC */, NetlinkSockDiag);
        if (fd < 0) return (Kind.Unknown, 0);
        try
        {
            var request = Request(local, remote);
            if (send(fd, request, request.Length, 0) != request.Length) return (Kind.Unknown, 0);
            // The kernel answers inside the send, so the answer is there already: never wait for it.
            var answer = new byte[8192];
            var n = recv(fd, answer, answer.Length, 0x40 /* MSG_DONTWAIT */);
            return n > 0 ? Parse(answer.AsSpan(0, (int)n)) : (Kind.Unknown, 0);
        }
        finally { close(fd); }
    }

    [DllImport("libc")] private static extern int socket(int domain, int type, int protocol);
    [DllImport("libc")] private static extern nint send(int fd, byte[] buffer, nint length, int flags);
    [DllImport("libc")] private static extern nint recv(int fd, byte[] buffer, nint length, int flags);
    [DllImport("libc")] private static extern int close(int fd);

    /// <summary>nlmsghdr, then inet_diag_req_v2 with the socket's id (inet_diag_sockid) and no cookie to match.</summary>
    private static byte[] Request(IPEndPoint local, IPEndPoint remote)
    {
        var m = new byte[16 + 56];
        var s = m.AsSpan();
        BinaryPrimitives.WriteUInt32LittleEndian(s, (uint)m.Length);
        BinaryPrimitives.WriteUInt16LittleEndian(s[4..], SockDiagByFamily);
        BinaryPrimitives.WriteUInt16LittleEndian(s[6..], NlmFRequest);
        BinaryPrimitives.WriteUInt32LittleEndian(s[8..], 1);
        var r = s[16..];
        r[0] = local.AddressFamily == AddressFamily.InterNetwork ? (byte)2 : (byte)10;
        r[1] = (byte)ProtocolType.Tcp;
        BinaryPrimitives.WriteUInt32LittleEndian(r[4..], uint.MaxValue);   // every state
        var id = r[8..];
        BinaryPrimitives.WriteUInt16BigEndian(id, (ushort)local.Port);
        BinaryPrimitives.WriteUInt16BigEndian(id[2..], (ushort)remote.Port);
        local.Address.GetAddressBytes().CopyTo(id[4..]);
        remote.Address.GetAddressBytes().CopyTo(id[20..]);
        BinaryPrimitives.WriteUInt32LittleEndian(id[40..], uint.MaxValue);   // INET_DIAG_NOCOOKIE
        BinaryPrimitives.WriteUInt32LittleEndian(id[44..], uint.MaxValue);
        return m;
    }

    private static (Kind, int) Parse(ReadOnlySpan<byte> answer)
    {
        if (answer.Length < 20) return (Kind.Unknown, 0);
        var type = BinaryPrimitives.ReadUInt16LittleEndian(answer[4..]);
        if (type == NlmsgError)
            return BinaryPrimitives.ReadInt32LittleEndian(answer[16..]) == -Enoent ? (Kind.Absent, 0) : (Kind.Unknown, 0);
        // inet_diag_msg: family, state, ...
        return type == SockDiagByFamily ? (Kind.Found, answer[17]) : (Kind.Unknown, 0);
    }
}
