namespace TlsDoctor.Wire;

/// <summary>A protocol violation seen in a message that still decoded (STYLE: strict framing, lenient semantics).</summary>
public sealed record Anomaly(AnomalyKind Kind, string Description, int Offset)
{
    internal static void Add(ref List<Anomaly>? list, Anomaly anomaly) => (list ??= []).Add(anomaly);

    public override string ToString() => $"{Kind} at offset {Offset}: {Description}";
}
