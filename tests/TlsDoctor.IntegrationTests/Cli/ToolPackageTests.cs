using TlsDoctor.IntegrationTests.Servers;
using Xunit;

namespace TlsDoctor.IntegrationTests.Cli;

/// <summary>
/// `dotnet pack` makes a .NET tool package that `dotnet tool install` turns into a working `tlsdoctor` command. The test
/// packs the framework-dependent variant from the build the tests already use (no RID-specific builds: those take
/// minutes), under a version of its own so that no cached package can stand in for it, and installs it into a
/// temporary tool path with a package cache of its own.
/// </summary>
public sealed class ToolPackageTests : IDisposable
{
    private readonly string _work = Path.Combine(Path.GetTempPath(), $"tlsdoctor-tool-{Guid.NewGuid():N}");

    [Fact]
    public async Task The_packed_tool_installs_and_answers_version_and_a_cipher_lookup()
    {
        var packages = Path.Combine(_work, "artifacts");
        var tools = Path.Combine(_work, "tools");
        var version = $"0.0.0-test.{DateTime.UtcNow:yyyyMMddHHmmss}";
        var project = RepoPaths.Repo("src/TlsDoctor.Cli/TlsDoctor.Cli.csproj");
        var configuration = Path.GetFileName(Path.GetDirectoryName(AppContext.BaseDirectory.TrimEnd('/'))!);

        var pack = await ProcessRunner.RunAsync("dotnet", ["pack", project, "-c", configuration, "--no-build", "-nologo",
            "-p:ToolPackageRuntimeIdentifiers=", "-p:RuntimeIdentifiers=", $"-p:PackageVersion={version}", "-o", packages], TimeSpan.FromMinutes(10));
        Assert.True(pack.ExitCode == 0, pack.Output);
        Assert.True(File.Exists(Path.Combine(packages, $"TlsDoctor.{version}.nupkg")), string.Join(", ", Directory.GetFiles(packages)));

        var install = await ProcessRunner.RunAsync("env", [$"NUGET_PACKAGES={Path.Combine(_work, "nuget")}", "DOTNET_CLI_TELEMETRY_OPTOUT=1",
            "dotnet", "tool", "install", "TlsDoctor", "--version", version, "--tool-path", tools, "--add-source", packages], TimeSpan.FromMinutes(10));
        Assert.True(install.ExitCode == 0, install.Output);
        var command = Path.Combine(tools, "tlsdoctor");
        Assert.True(File.Exists(command), install.Output);

        var projectVersion = System.Text.RegularExpressions.Regex.Match(File.ReadAllText(RepoPaths.Repo("Directory.Build.props")), "<Version>([^<]+)</Version>").Groups[1].Value;
        var shown = await ProcessRunner.RunAsync(command, ["--version"], TimeSpan.FromMinutes(1));
        Assert.True(shown.ExitCode == 0, shown.Output);
        Assert.StartsWith($"tlsdoctor {projectVersion}\n", shown.StandardOutput);   // then the build kind and the catalog's date

        var lookup = await ProcessRunner.RunAsync(command, ["ciphers", "0xC02F", "--json"], TimeSpan.FromMinutes(1));
        Assert.True(lookup.ExitCode == 0, lookup.Output);
        Assert.Contains("TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256", lookup.StandardOutput);
        Assert.Contains("ECDHE-RSA-AES128-GCM-SHA256", lookup.StandardOutput);
    }

    public void Dispose()
    {
        try { Directory.Delete(_work, recursive: true); } catch (IOException) { }
    }
}
