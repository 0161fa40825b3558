using System.Text.Json.Serialization;
using TlsDoctor.Registry;

namespace TlsDoctor.Scanning;

/// <summary>A supported group the server was seen to choose, with the protocols it was seen under.</summary>
public sealed record GroupResult([property: JsonIgnore] ushort Value, [property: JsonPropertyOrder(0)] string Name, [property: JsonPropertyOrder(2)] IReadOnlyList<string> Protocols)
{
    /// <summary>For reading `scan --json` back: <see cref="Code"/> restores the value the JSON leaves out.</summary>
    [JsonConstructor]
    public GroupResult() : this(0, "", []) { }

    [JsonPropertyOrder(1)]
    /// <remarks>Read back (report --scan): the code restores <see cref="Value"/>, which the JSON leaves out.</remarks>
    public string Code { get => Codepoint.Format(Value); init { if (value is not null && Codepoint.TryParse(value, out var code)) Value = code; } }
    public bool PostQuantum => Groups.Find(Value)?.IsPostQuantum ?? false;
    public int? SecurityBits => Groups.Find(Value)?.SecurityBits;
}
