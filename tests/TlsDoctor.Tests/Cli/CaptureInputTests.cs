namespace TlsDoctor.Tests.Cli;

/// <summary>A report never creates or changes its input; a capture file that holds no capture is bad input and creates nothing.</summary>
public sealed class CaptureInputTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("tlsdoctor-capture-input-").FullName;

    [Theory]
    [InlineData("report", "")]
    [InlineData("report", "not a database\n")]
    [InlineData("export", "")]
    [InlineData("export", "SQLite format 3 and then nothing of the kind")]
    public void A_file_that_is_not_a_capture_database_is_exit_2_and_left_untouched(string subcommand, string content)
    {
        var path = Path.Combine(_dir, "input.db");
        File.WriteAllText(path, content);
        var before = File.ReadAllBytes(path);
        var (exit, output, error) = CliRunner.Run("capture", subcommand, "--db", path);
        Assert.Equal(2, exit);
        Assert.Contains("is not a capture database", error);
        Assert.Empty(output);
        Assert.Equal(before, File.ReadAllBytes(path));
        Assert.Equal(["input.db"], Directory.GetFiles(_dir).Select(Path.GetFileName));
    }

    [Fact]
    public void A_missing_database_is_not_created_by_a_report()
    {
        var path = Path.Combine(_dir, "missing.db");
        var (exit, _, error) = CliRunner.Run("capture", "report", "--db", path);
        Assert.Equal(2, exit);
        Assert.Contains("database not found", error);
        Assert.Empty(Directory.GetFiles(_dir));
    }

    [Fact]
    public void A_garbage_capture_file_is_exit_2_and_creates_no_database()
    {
        var pcap = Path.Combine(_dir, "garbage.pcap");
        File.WriteAllBytes(pcap, [.. Enumerable.Range(0, 4096).Select(i => (byte)(i * 7919 >> 3))]);
        var db = Path.Combine(_dir, "out.db");
        var (exit, _, error) = CliRunner.Run("capture", "--pcap", pcap, "--db", db);
        Assert.Equal(2, exit);
        Assert.Contains("stopped early", error);
        Assert.False(File.Exists(db), "the database was created");
    }

    [Theory]
    [InlineData("localhost:8443")]
    [InlineData("127.1")]
    [InlineData("127.0.0.1:65536")]
    public void A_bad_listen_address_is_exit_2_and_creates_no_database(string listen)
    {
        var db = Path.Combine(_dir, "out.db");
        var (exit, _, error) = CliRunner.Run("capture", "--listen", listen, "--db", db);
        Assert.Equal(2, exit);
        Assert.Contains("--listen expects PORT, IPv4:PORT, [IPv6]:PORT or an address alone", error);
        Assert.Empty(Directory.GetFiles(_dir));
    }

    [Fact]
    public void A_directory_as_capture_file_is_named_as_one()
    {
        var (exit, _, error) = CliRunner.Run("capture", "--pcap", _dir, "--db", Path.Combine(_dir, "out.db"));
        Assert.Equal(2, exit);
        Assert.Contains("is a directory", error);
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);
}
