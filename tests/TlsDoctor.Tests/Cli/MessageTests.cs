namespace TlsDoctor.Tests.Cli;

/// <summary>Messages a new user meets first: each says what is wrong in one sentence, without contradicting itself.</summary>
public class MessageTests
{
    [Theory]
    [InlineData("simulat", "did you mean simulate?")]
    [InlineData("indentify", "did you mean identify?")]
    [InlineData("policies shw", "unknown command 'shw' of 'policies'; did you mean show?")]
    [InlineData("xyzzy", "the commands are capture, ciphers")]
    public void A_mistyped_command_gets_did_you_mean(string args, string expected)
    {
        var (exit, output, error) = CliRunner.Run(args.Split(' '));
        Assert.Equal(2, exit);
        Assert.Empty(output);
        Assert.Contains(expected, error);
        Assert.DoesNotContain("Required command was not provided", error);
    }

    [Theory]
    [InlineData("16", 1)]
    [InlineData("1603", 2)]
    public void A_cut_record_header_is_named_as_one(string hex, int offset)
    {
        var (exit, _, error) = CliRunner.Run("hello", "decode", hex);
        Assert.Equal(2, exit);
        Assert.Contains($"record: truncated at header (offset {offset})", error);
        Assert.DoesNotContain("starts neither", error);
    }

    [Fact]
    public void An_unknown_option_is_not_scanned_as_a_host()
    {
        var (exit, output, error) = CliRunner.Run("scan", "--bogus");
        Assert.Equal(2, exit);
        Assert.Empty(output);
        Assert.Contains("unknown option '--bogus'", error);
    }

    [Fact]
    public void Version_names_the_build_kind_and_the_catalog_date()
    {
        var (exit, output, _) = CliRunner.Run("--version");
        Assert.Equal(0, exit);
        var lines = output.Trim().Split('\n');
        Assert.Matches(@"^tlsdoctor \d+\.\d+\.\d+", lines[0]);
        Assert.Matches("^build: (native|ReadyToRun|JIT)$", lines[1]);
        Assert.Matches(@"^policy catalog: \d+ policies of \d+ providers, checked against its sources 20\d\d-\d\d-\d\d$", lines[2]);
    }

    [Fact]
    public void A_scan_of_a_closed_port_counts_attempts_not_handshakes()
    {
        var (exit, output, _) = CliRunner.Run("scan", "127.0.0.1:1", "--timeout", "2");
        Assert.Equal(3, exit);
        Assert.Matches(@"no handshake \(\d+ attempts?\)", output);
        Assert.DoesNotMatch(@"\d+ handshakes", output);
    }

    [Fact]
    public void Counts_agree_with_their_nouns()
    {
        Assert.Equal("1 suite", TlsDoctor.Cli.Rendering.Plural.Count(1, "suite"));
        Assert.Equal("0 suites", TlsDoctor.Cli.Rendering.Plural.Count(0, "suite"));
        Assert.Equal("2 policies", TlsDoctor.Cli.Rendering.Plural.Count(2, "policy", "policies"));
    }
}
