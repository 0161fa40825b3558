using System.Text.Json.Serialization;
using TlsDoctor.Registry;

namespace TlsDoctor.Scanning;

/// <summary>A supported group the server was seen to choose, with the protocols it was seen under.</summary>
public sealed record GroupResult([property: JsonIgnore] ushort Value, [property: JsonPropertyOrder(0)] string Name, [property: JsonPropertyOrder(2)] IReadOnlyList<string> Protocols)
{
    [JsonPropertyOrder(1)]
    public string Code => Codepoint.Format(Value);
    public bool PostQuantum => Groups.Find(Value)?.IsPostQuantum ?? false;
    public int? SecurityBits => Groups.Find(Value)?.SecurityBits;
}
