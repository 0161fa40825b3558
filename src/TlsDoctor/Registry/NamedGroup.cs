namespace TlsDoctor.Registry;

public enum GroupKind { Ecdhe, Ffdhe, PostQuantumKem, HybridPostQuantum, Grease, Other }

/// <summary>One supported group (RFC 8446 section 4.2.7 NamedGroup) from data/registry/groups.csv.</summary>
public sealed record NamedGroup(
    ushort Code,
    string Name,
    GroupKind Kind,
    string? OpenSslName,
    int? SecurityBits,
    int? ClientShareLength,
    int? ServerShareLength,
    bool AllowedInTls12,
    bool AllowedInTls13,
    bool IsIanaRecommended)
{
    public string CodeText => Codepoint.Format(Code);
    public bool IsPostQuantum => Kind is GroupKind.PostQuantumKem or GroupKind.HybridPostQuantum;
    public override string ToString() => Name;
}
