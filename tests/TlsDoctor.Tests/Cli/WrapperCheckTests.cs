using TlsDoctor.Cli;
using Xunit;

namespace TlsDoctor.Tests.Cli;

/// <summary>
/// The check the build makes for ./tlsdoctor (<see cref="WrapperCheck.MaybeStale"/>), on a small tree with the lists and
/// stamps a build writes. The wrapper's whole round trip (the build finding a change and the script deciding) is in
/// IntegrationTests/Cli/WrapperTests. Times are set explicitly, never waited for.
/// </summary>
public sealed class WrapperCheckTests : IDisposable
{
    private readonly string _tree = Path.Combine(Path.GetTempPath(), $"tlsdoctor-check-{Guid.NewGuid():N}");
    private static readonly DateTime Sources = DateTime.UtcNow.AddHours(-2);
    private static readonly DateTime Built = DateTime.UtcNow.AddHours(-1);

    public WrapperCheckTests()
    {
        Directory.CreateDirectory(In("src/TlsDoctor/Wire"));
        Directory.CreateDirectory(In("data/registry"));
        Directory.CreateDirectory(In(".build/cli"));
        File.WriteAllText(In("src/TlsDoctor/Wire/TlsReader.cs"), "class A {}\n");
        File.WriteAllText(In("data/registry/groups.csv"), "a,b\n");
        File.WriteAllText(In("Directory.Build.props"), "<Project />\n");
        File.WriteAllText(In(".build/cli/.sources"), "Directory.Build.props\ndata/registry/groups.csv\nsrc/TlsDoctor/Wire/TlsReader.cs\n");
        File.WriteAllText(In(".build/cli/.folders"), "data\ndata/registry\nsrc\nsrc/TlsDoctor\nsrc/TlsDoctor/Wire\n");
        File.WriteAllText(In(".build/cli/.built"), "aot\n");
        File.WriteAllText(In(".build/cli/.checked"), "");
        SetTimes();
    }

    private string In(string relative) => Path.Combine(_tree, relative);

    private void SetTimes()
    {
        foreach (var f in new[] { "Directory.Build.props", "data/registry/groups.csv", "src/TlsDoctor/Wire/TlsReader.cs" }) File.SetLastWriteTimeUtc(In(f), Sources);
        foreach (var d in new[] { "data", "data/registry", "src", "src/TlsDoctor", "src/TlsDoctor/Wire" }) Directory.SetLastWriteTimeUtc(In(d), Sources);
        File.SetLastWriteTimeUtc(In(".build/cli/.built"), Built);
        File.SetLastWriteTimeUtc(In(".build/cli/.checked"), Built);
    }

    [Fact]
    public void Nothing_newer_than_the_build_is_fresh() => Assert.False(WrapperCheck.MaybeStale(_tree));

    [Theory]
    [InlineData("src/TlsDoctor/Wire/TlsReader.cs")]
    [InlineData("data/registry/groups.csv")]
    [InlineData("Directory.Build.props")]
    public void A_source_edited_after_the_build_started_is_a_change(string source)
    {
        File.SetLastWriteTimeUtc(In(source), Built.AddTicks(10));
        Assert.True(WrapperCheck.MaybeStale(_tree));
        SetTimes();
        Assert.False(WrapperCheck.MaybeStale(_tree));
    }

    [Fact]
    public void A_folder_changed_after_the_last_check_sends_the_run_to_the_wrappers_own_check()
    {
        File.WriteAllText(In("src/TlsDoctor/Wire/.swap"), "x");
        Directory.SetLastWriteTimeUtc(In("src/TlsDoctor/Wire"), Built.AddSeconds(1));
        Assert.True(WrapperCheck.MaybeStale(_tree));
        // The wrapper took the folder's new time as seen.
        File.SetLastWriteTimeUtc(In(".build/cli/.checked"), Built.AddSeconds(2));
        Assert.False(WrapperCheck.MaybeStale(_tree));
    }

    [Theory]
    [InlineData(".build/cli/.sources")]
    [InlineData(".build/cli/.folders")]
    public void A_missing_list_is_a_change(string list)
    {
        File.Delete(In(list));
        Assert.True(WrapperCheck.MaybeStale(_tree));
    }

    public void Dispose()
    {
        try { Directory.Delete(_tree, recursive: true); } catch (IOException) { }
    }
}
