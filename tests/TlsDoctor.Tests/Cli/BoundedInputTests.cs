using TlsDoctor.Io;

namespace TlsDoctor.Tests.Cli;

/// <summary>Every input a user names is read through one bounded reader: devices, pipes and stdin stop at the limit, exit 2.</summary>
public class BoundedInputTests
{
    [Theory]
    [InlineData("hello", "decode", "-f", "/dev/zero")]
    [InlineData("hello", "decode", "-f", "/dev/urandom")]
    [InlineData("policies", "show", "/dev/zero")]
    [InlineData("policies", "show", "/dev/urandom")]
    [InlineData("simulate", "--client-hello", "/dev/zero", "--policy", "ELBSecurityPolicy-2016-08")]
    [InlineData("scan", "-f", "/dev/zero")]
    [InlineData("serve", "--policy", "ELBSecurityPolicy-2016-08", "--cert", "/dev/zero", "--key", "/dev/zero", "--listen", "127.0.0.1:0", "--duration", "600")]
    public void A_device_that_never_ends_is_refused_at_the_limit_with_exit_2(params string[] args)
    {
        var (exit, output, error) = CliRunner.Run(args);
        Assert.Equal(2, exit);
        Assert.Matches(@"larger than \d+ MiB, the limit for a ", error);
        Assert.DoesNotContain("Exception", error + output);
    }

    [Theory]
    [InlineData((byte)0, "hello", "decode")]
    [InlineData((byte)'a', "hello", "decode")]
    [InlineData((byte)'a', "hello", "decode", "-f", "-")]
    [InlineData((byte)'a', "scan", "-f", "-")]
    public void Endless_stdin_is_read_only_to_the_limit(byte fill, params string[] args)
    {
        var stdin = new EndlessStream(fill);
        var (exit, _, error) = CliRunner.RunWithStdin(stdin, args);
        Assert.Equal(2, exit);
        Assert.Contains("stdin is larger than", error);
        Assert.True(stdin.BytesRead <= InputKind.Targets.MaxBytes + (1 << 16), $"read {stdin.BytesRead} bytes");
    }

    [Fact]
    public void Hex_on_stdin_within_the_limit_is_decoded()
    {
        var (_, record) = TlsDoctor.Tests.Wire.Fixtures.HexLines("captured-client-hellos.txt").Single(x => x.Id == "curl");
        var stdin = new MemoryStream(System.Text.Encoding.ASCII.GetBytes(Convert.ToHexStringLower(record) + "\n"));
        var (exit, output, error) = CliRunner.RunWithStdin(stdin, "hello", "decode", "--json");
        Assert.Equal(0, exit);
        Assert.Contains("\"ClientHello\"", output);
        Assert.Empty(error);
    }

    [Fact]
    public void A_directory_is_named_as_a_directory()
    {
        var (exit, _, error) = CliRunner.Run("hello", "decode", "-f", Path.GetTempPath());
        Assert.Equal(2, exit);
        Assert.Contains("is a directory", error);
    }

    [Fact]
    public void A_missing_file_says_no_such_file()
    {
        var (exit, _, error) = CliRunner.Run("hello", "decode", "-f", "/nonexistent/hello.bin");
        Assert.Equal(2, exit);
        Assert.Contains("no such file", error);
    }

    [Fact]
    public void A_file_at_the_limit_is_read_and_one_byte_more_is_refused()
    {
        var path = Path.GetTempFileName();
        try
        {
            File.WriteAllBytes(path, new byte[InputKind.Hello.MaxBytes]);
            var read = BoundedInput.Read(path, InputKind.Hello);
            Assert.True(read.IsSuccess, read.Error);
            Assert.Equal(InputKind.Hello.MaxBytes, read.Bytes!.Length);
            File.WriteAllBytes(path, new byte[InputKind.Hello.MaxBytes + 1]);
            Assert.False(BoundedInput.Read(path, InputKind.Hello).IsSuccess);
        }
        finally { File.Delete(path); }
    }

    [Fact]
    public void An_empty_target_file_says_it_lists_no_targets()
    {
        var path = Path.GetTempFileName();
        try
        {
            File.WriteAllText(path, "# only a comment\n\n");
            var (exit, _, error) = CliRunner.Run("scan", "-f", path);
            Assert.Equal(2, exit);
            Assert.Contains("lists no targets", error);
        }
        finally { File.Delete(path); }
    }
}
