using TlsDoctor.IntegrationTests.Servers;
using Xunit;

namespace TlsDoctor.IntegrationTests.Cli;

/// <summary>
/// ./tlsdoctor on a copy of the tree holding the shipped build: it runs that build as it is when nothing changed, and
/// a run after any source, project or data change (edited, added, removed, renamed) would build first
/// (<c>TLSDOCTOR_BUILD=check</c> answers with the same test a run makes: the build's own check, then the script's when
/// the build finds something newer). Times are set explicitly, never waited for.
/// </summary>
public sealed class WrapperTests(ShippedBuildTests.Build build) : IClassFixture<ShippedBuildTests.Build>, IDisposable
{
    private readonly string _tree = CopyTree();
    private static readonly DateTime Sources = DateTime.UtcNow.AddHours(-2);
    private static readonly DateTime Built = DateTime.UtcNow.AddHours(-1);

    private static string CopyTree()
    {
        var tree = Path.Combine(Path.GetTempPath(), $"tlsdoctor-wrapper-{Guid.NewGuid():N}");
        Copy(RepoPaths.Repo("src"), Path.Combine(tree, "src"), skipBuildOutput: true);
        Copy(RepoPaths.Repo("data"), Path.Combine(tree, "data"), skipBuildOutput: true);
        Copy(RepoPaths.Repo(".build/cli"), Path.Combine(tree, ".build/cli"), skipBuildOutput: false);
        File.Copy(RepoPaths.Repo("Directory.Build.props"), Path.Combine(tree, "Directory.Build.props"));
        File.Copy(RepoPaths.Repo("tlsdoctor"), Path.Combine(tree, "tlsdoctor"));
        if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(Path.Combine(tree, "tlsdoctor"), (UnixFileMode)0b111_101_101);
        return tree;
    }

    private static void Copy(string from, string to, bool skipBuildOutput)
    {
        Directory.CreateDirectory(to);
        foreach (var file in Directory.EnumerateFiles(from)) File.Copy(file, Path.Combine(to, Path.GetFileName(file)));
        foreach (var dir in Directory.EnumerateDirectories(from))
            if (!skipBuildOutput || Path.GetFileName(dir) is not ("bin" or "obj"))
                Copy(dir, Path.Combine(to, Path.GetFileName(dir)), skipBuildOutput);
    }

    /// <summary>Every source and folder as of two hours ago, the build's stamps one hour ago: nothing changed since the build.</summary>
    private void SetTimes()
    {
        foreach (var top in new[] { "src", "data" })
        {
            var root = Path.Combine(_tree, top);
            foreach (var f in Directory.EnumerateFiles(root, "*", SearchOption.AllDirectories)) File.SetLastWriteTimeUtc(f, Sources);
            foreach (var d in Directory.EnumerateDirectories(root, "*", SearchOption.AllDirectories)) Directory.SetLastWriteTimeUtc(d, Sources);
            Directory.SetLastWriteTimeUtc(root, Sources);
        }
        File.SetLastWriteTimeUtc(Path.Combine(_tree, "Directory.Build.props"), Sources);
        File.SetLastWriteTimeUtc(Path.Combine(_tree, ".build/cli/.built"), Built);
        File.SetLastWriteTimeUtc(Path.Combine(_tree, ".build/cli/.checked"), Built);
    }

    private async Task<string> CheckAsync()
    {
        var r = await ProcessRunner.RunAsync("env", ["TLSDOCTOR_BUILD=check", Path.Combine(_tree, "tlsdoctor")], TimeSpan.FromSeconds(60));
        Assert.True(r.ExitCode == 0, r.Output);
        return r.StandardOutput.Trim();
    }

    private string In(string relative) => Path.Combine(_tree, relative);

    [Fact]
    public async Task Runs_the_build_as_it_is_when_nothing_changed_and_builds_again_after_any_change()
    {
        SetTimes();
        // The build checks its own sources (WrapperCheck) and hands a change back to the script: every answer below
        // goes through both.
        Assert.True(File.Exists(In(".build/cli/.self-check")), "the build has no .self-check: the script's check alone would answer");
        Assert.Equal("fresh", await CheckAsync());
        // A real run through the copy: the build's own output, nothing built.
        var run = await ProcessRunner.RunAsync(In("tlsdoctor"), ["ciphers", "0xC02F"], TimeSpan.FromSeconds(60));
        Assert.True(run.ExitCode == 0, run.Output);
        Assert.DoesNotContain("building", run.StandardError);
        Assert.Contains("ECDHE-RSA-AES128-GCM-SHA256", run.StandardOutput);
        Assert.Equal(build.Kind, File.ReadAllText(In(".build/cli/.built")).Trim());

        // Edits: a source, a project, a data file, the shared properties.
        foreach (var file in new[] { "src/TlsDoctor/Wire/TlsReader.cs", "src/TlsDoctor.Cli/TlsDoctor.Cli.csproj", "data/registry/cipher-suites.csv", "Directory.Build.props" })
        {
            Assert.True(File.Exists(In(file)), file);
            File.AppendAllText(In(file), "\n");
            Assert.Equal("stale", await CheckAsync());
            SetTimes();
            Assert.Equal("fresh", await CheckAsync());
        }

        // A source added, removed or renamed (a rename keeps the file's old time; its folder's changes).
        var added = In("src/TlsDoctor/Wire/Added.cs");
        File.WriteAllText(added, "namespace TlsDoctor.Wire;\n");
        File.SetLastWriteTimeUtc(added, Sources);
        Assert.Equal("stale", await CheckAsync());
        File.Delete(added);
        SetTimes();
        Assert.Equal("fresh", await CheckAsync());

        var existing = In("src/TlsDoctor/Wire/TlsReader.cs");
        var moved = In("src/TlsDoctor/Wire/TlsReader2.cs");
        File.Move(existing, moved);
        Assert.Equal("stale", await CheckAsync());
        File.Move(moved, existing);
        SetTimes();
        File.Move(existing, moved);
        File.Move(moved, existing);   // back where it was: the folder changed, the sources did not, so nothing to build
        Assert.Equal("fresh", await CheckAsync());

        File.Delete(In("src/TlsDoctor/Wire/TlsReader.cs"));
        Assert.Equal("stale", await CheckAsync());
    }

    [Fact]
    public async Task A_file_that_is_no_source_changes_nothing()
    {
        SetTimes();
        // An editor's swap file changes the folder's time: the tree is compared once, then the folder's new time is taken as seen.
        File.WriteAllText(In("src/TlsDoctor/Wire/.TlsReader.cs.swp"), "x");
        Assert.Equal("fresh", await CheckAsync());
        Assert.True(File.GetLastWriteTimeUtc(In(".build/cli/.checked")) > Built);
        Assert.Equal("fresh", await CheckAsync());
    }

    public void Dispose()
    {
        try { Directory.Delete(_tree, recursive: true); } catch (IOException) { }
    }
}
