using System.Text.Json.Serialization;
using TlsDoctor.Registry;

namespace TlsDoctor.Scanning;

/// <summary>A supported group the server was seen to choose, with the protocols it was seen under.</summary>
public sealed record GroupResult([property: JsonIgnore] ushort Value, string Name, IReadOnlyList<string> Protocols)
{
    public string Code => Codepoint.Format(Value);
    public bool PostQuantum => Groups.Find(Value)?.IsPostQuantum ?? false;
    public int? SecurityBits => Groups.Find(Value)?.SecurityBits;
}
