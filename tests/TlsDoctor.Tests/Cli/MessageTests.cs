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
}
