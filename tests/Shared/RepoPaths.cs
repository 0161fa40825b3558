namespace TlsDoctor.Testing;

/// <summary>
/// Where the repository and the shared reference material are, found from the test binary's folder
/// (never from absolute paths: CI runs in a fresh clone elsewhere, with shared/ beside the clone).
/// </summary>
public static class RepoPaths
{
    private static readonly Lazy<string> RootPath = new(() =>
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "TlsDoctor.slnx"))) return dir.FullName;
        throw new InvalidOperationException("repository root (TlsDoctor.slnx) not found above " + AppContext.BaseDirectory);
    });

    /// <summary>The repository root (the folder with TlsDoctor.slnx).</summary>
    public static string Root => RootPath.Value;

    /// <summary>Path of a file in the repository, e.g. Repo("data/registry/cipher-suites.csv").</summary>
    public static string Repo(string relative) => Path.Combine(Root, relative);

    /// <summary>
    /// The shared reference folder beside the repository (../shared/reference), e.g.
    /// SharedReference("clients/clients.json"). Tests that read it fail with a clear message when it is absent.
    /// </summary>
    public static string SharedReference(string relative)
    {
        var path = Path.GetFullPath(Path.Combine(Root, "..", "shared", "reference", relative));
        // A checkout in a subfolder of the folder that holds shared/ (e.g. several clones side by side under one directory).
        var twoUp = Path.GetFullPath(Path.Combine(Root, "..", "..", "shared", "reference", relative));
        if (!File.Exists(path) && !Directory.Exists(path) && (File.Exists(twoUp) || Directory.Exists(twoUp))) path = twoUp;
        if (!File.Exists(path) && !Directory.Exists(path))
            throw new FileNotFoundException("shared reference material not found (expected beside the repository): " + path);
        return path;
    }
}
