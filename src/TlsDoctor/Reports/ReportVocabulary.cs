using TlsDoctor.Registry;
using TlsDoctor.Scanning;

namespace TlsDoctor.Reports;

/// <summary>
/// The words and symbols both renderers put beside colours, so that nothing is told by colour alone (and a printout
/// in black and white or a screen reader still says it): ratings, severities, protocol verdicts.
/// </summary>
public static class ReportVocabulary
{
    public static string RatingWord(Rating? rating) => rating?.ToString().ToLowerInvariant() ?? "unrated";

    public static string RatingSymbol(Rating? rating) => rating switch
    {
        Rating.Recommended => "★",
        Rating.Secure => "✓",
        Rating.Weak => "▲",
        Rating.Insecure => "✗",
        _ => "?",
    };

    public static string SeverityWord(FindingSeverity severity) => severity.ToString().ToLowerInvariant();

    public static string SeveritySymbol(FindingSeverity severity) => severity switch
    {
        FindingSeverity.Critical => "‼",
        FindingSeverity.High => "✗",
        FindingSeverity.Medium => "▲",
        FindingSeverity.Low => "•",
        _ => "i",
    };

    /// <summary>How a protocol version accepted by a server rates: TLS 1.2 and 1.3 are fine, 1.0 and 1.1 deprecated (RFC 8996), SSL insecure (RFC 6176, RFC 7568).</summary>
    public static Rating ProtocolRating(TlsVersion version) =>
        version >= TlsVersion.Tls13 ? Rating.Recommended
        : version >= TlsVersion.Tls12 ? Rating.Secure
        : version >= TlsVersion.Tls10 ? Rating.Weak
        : Rating.Insecure;

    /// <summary>The load-balancer-neutral label of a policy's role in the grid ("current", "recommended", "asked for").</summary>
    public static string RoleWord(GridPolicyRole role) => role switch
    {
        GridPolicyRole.Current => "current",
        GridPolicyRole.Recommended => "recommended",
        GridPolicyRole.LeastChange => "least change",
        GridPolicyRole.Requested => "asked for",
        _ => "catalog",
    };
}
