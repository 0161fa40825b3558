using System.Text.Json.Serialization;

namespace TlsDoctor.Scanning;

/// <summary>The network stage a deadline belongs to.</summary>
public enum ProbeStage
{
    /// <summary>Resolving the host name.</summary>
    [JsonStringEnumMemberName("resolve")] Resolve,
    /// <summary>TCP connection set-up.</summary>
    [JsonStringEnumMemberName("connect")] Connect,
    /// <summary>From sending the hello to the first byte of the answer.</summary>
    [JsonStringEnumMemberName("firstByte")] FirstByte,
    /// <summary>From the first byte to the end of the server's flight.</summary>
    [JsonStringEnumMemberName("flight")] Flight,
}
