namespace TlsDoctor.Tests.Policies;

/// <summary>Locates fixture files next to the test sources (the repository root holds TlsDoctor.slnx).</summary>
internal static class Fixture
{
    private static readonly Lazy<string> Root = new(() =>
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(System.IO.Path.Combine(dir.FullName, "TlsDoctor.slnx"))) dir = dir.Parent;
        return dir?.FullName ?? throw new InvalidOperationException("repository root (TlsDoctor.slnx) not found above " + AppContext.BaseDirectory);
    });

    public static string RepoRoot => Root.Value;

    public static string Path(params string[] parts) => System.IO.Path.Combine([RepoRoot, "tests", "TlsDoctor.Tests", .. parts]);
}
