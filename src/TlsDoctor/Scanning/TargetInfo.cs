namespace TlsDoctor.Scanning;

/// <summary>Who was scanned: the host as given, the port, the address used (resolved once) and the server_name sent.</summary>
public sealed record TargetInfo(string Host, int Port, string? Ip, string? Sni)
{
    public string Input { get; init; } = "";
}
