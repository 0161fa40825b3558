namespace TlsDoctor.Clients;

/// <summary>Criteria of <c>clients list</c>; null criteria match everything.</summary>
public sealed record ClientFilter
{
    public ClientStatus? Status { get; init; }

    /// <summary>A family as the profiles name it ("java", "chrome", …); case-insensitive.</summary>
    public string? Family { get; init; }

    public bool Matches(ClientProfile p) =>
        (Status is null || p.Status == Status)
        && (Family is null || p.Family.Equals(Family, StringComparison.OrdinalIgnoreCase));
}
