using System.Text.Json.Serialization;

namespace TlsDoctor.Scanning;

/// <summary>Who was scanned: the host as given, the port, the address used (resolved once) and the server_name sent.</summary>
public sealed record TargetInfo(
    string Host,
    int Port,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.Never)] string? Ip,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.Never)] string? Sni)
{
    public string Input { get; init; } = "";
}
