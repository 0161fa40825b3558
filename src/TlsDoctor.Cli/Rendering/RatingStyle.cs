using TlsDoctor.Registry;
using TlsDoctor.Scanning;

namespace TlsDoctor.Cli.Rendering;

/// <summary>Colours by rating and severity, the same everywhere: recommended green, secure cyan, weak yellow, insecure red.</summary>
public static class RatingStyle
{
    public static string For(Rating? rating) => rating switch
    {
        Rating.Recommended => "green",
        Rating.Secure => "cyan",
        Rating.Weak => "yellow",
        Rating.Insecure => "red",
        _ => "grey",
    };

    public static string Name(Rating? rating) => rating?.ToString().ToLowerInvariant() ?? "unrated";

    public static string For(FindingSeverity severity) => severity switch
    {
        FindingSeverity.Critical => "red bold",
        FindingSeverity.High => "red",
        FindingSeverity.Medium => "yellow",
        FindingSeverity.Low => "cyan",
        _ => "grey",
    };
}
