namespace TlsDoctor.Policies;

/// <summary>The size and currency of the policy catalog: <see cref="PolicyCatalog.Summary"/>.</summary>
/// <param name="Policies">How many policies the catalog holds.</param>
/// <param name="Providers">Their providers, in data order ("apigateway", "aws", …).</param>
/// <param name="CheckedOn">The latest day the catalog's files were compared with their sources; null when none says.</param>
public sealed record CatalogSummary(int Policies, IReadOnlyList<string> Providers, string? CheckedOn);
