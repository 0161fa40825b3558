using System.Diagnostics.CodeAnalysis;

namespace TlsDoctor.Clients;

/// <summary>The result of looking a client profile up: the profile, or the closest known ids when the name is unknown.</summary>
public sealed record ClientLookup
{
    public ClientProfile? Profile { get; init; }
    public string Query { get; init; } = "";
    public IReadOnlyList<string> Suggestions { get; init; } = [];

    [MemberNotNullWhen(true, nameof(Profile))]
    public bool IsSuccess => Profile is not null;

    /// <summary>One line for an operator when the lookup failed.</summary>
    public string ErrorMessage => Suggestions.Count == 0
        ? $"unknown client '{Query}' (see 'tlsdoctor clients list')"
        : $"unknown client '{Query}'; closest: {string.Join(", ", Suggestions)}";
}
