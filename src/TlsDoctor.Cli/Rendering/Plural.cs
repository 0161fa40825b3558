namespace TlsDoctor.Cli.Rendering;

/// <summary>"1 suite", "2 suites": counts in messages agree with their nouns.</summary>
public static class Plural
{
    public static string Count(long count, string singular, string? plural = null) =>
        $"{count} {(count == 1 ? singular : plural ?? singular + "s")}";
}
