using System.Net;
using System.Net.Sockets;

namespace TlsDoctor.Io;

/// <summary>Why a listener (serve, capture) could not bind its address, in the one sentence both print.</summary>
public static class ListenFailure
{
    public static string Describe(EndPoint endpoint, SocketException e)
    {
        var why = e.SocketErrorCode switch
        {
            SocketError.AddressAlreadyInUse => "the address is already in use (another process listens there; pick another port with --listen)",
            SocketError.AddressNotAvailable => "the address is not assigned to this machine",
            SocketError.AccessDenied => "permission denied (ports below 1024 need privileges)",
            _ => e.Message,
        };
        return $"cannot listen on {endpoint}: {why}";
    }
}
