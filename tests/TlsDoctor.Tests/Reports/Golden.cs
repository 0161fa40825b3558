namespace TlsDoctor.Tests.Reports;

/// <summary>Compares output with a checked-in file under Reports/Golden; TLSDOCTOR_UPDATE_GOLDEN=1 rewrites the file instead.</summary>
public static class Golden
{
    public static void Check(string name, string actual)
    {
        var path = RepoPaths.Repo(Path.Combine("tests/TlsDoctor.Tests/Reports/Golden", name));
        actual = actual.Replace("\r\n", "\n");
        if (Environment.GetEnvironmentVariable("TLSDOCTOR_UPDATE_GOLDEN") == "1")
        {
            File.WriteAllText(path, actual);
            return;
        }
        Assert.True(File.Exists(path), $"no golden file {path}: run the test once with TLSDOCTOR_UPDATE_GOLDEN=1 and review it");
        Assert.Equal(File.ReadAllText(path).Replace("\r\n", "\n"), actual);
    }
}
