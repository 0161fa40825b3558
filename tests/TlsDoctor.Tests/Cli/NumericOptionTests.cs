namespace TlsDoctor.Tests.Cli;

/// <summary>Every numeric option is checked at parse time: not a number, infinite or out of range is exit 2 naming the range.</summary>
public class NumericOptionTests
{
    private static readonly string[][] Commands =
    [
        new[] { "scan", "127.0.0.1:1", "--timeout" },
        new[] { "scan", "127.0.0.1:1", "--connect-timeout" },
        new[] { "probe", "127.0.0.1:1", "--timeout" },
        new[] { "probe", "127.0.0.1:1", "--connect-timeout" },
        new[] { "identify", "--target", "127.0.0.1:1", "--timeout" },
        new[] { "diagnose", "127.0.0.1:1", "--timeout" },
        new[] { "serve", "--policy", "ELBSecurityPolicy-2016-08", "--listen", "127.0.0.1:0", "--handshake-timeout" },
        new[] { "serve", "--policy", "ELBSecurityPolicy-2016-08", "--listen", "127.0.0.1:0", "--duration" },
        new[] { "serve", "--policy", "ELBSecurityPolicy-2016-08", "--listen", "127.0.0.1:0", "--stats-interval" },
        new[] { "capture", "--listen", "127.0.0.1:0", "--timeout" },
        new[] { "capture", "--listen", "127.0.0.1:0", "--duration" },
    ];

    public static IEnumerable<object[]> Cases() =>
        from command in Commands
        from value in new[] { "NaN", "Infinity", "-Infinity", "1e10", "4294968", "-1", "0x10", "" }
        select new object[] { command, value };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Out_of_range_seconds_exit_2_with_the_range(string[] command, string value)
    {
        var (exit, output, error) = CliRunner.Run([.. command, value]);
        Assert.Equal(2, exit);
        Assert.Empty(output);
        var option = command[^1];
        Assert.Contains($"{option} must be a number of seconds", error);
        Assert.Matches(@"(at most|to) \d+", error);
        Assert.DoesNotContain("Exception", error);
    }

    [Theory]
    [InlineData("scan", "--concurrency", "0")]
    [InlineData("scan", "--per-endpoint", "1e10")]
    [InlineData("capture", "--count", "0")]
    [InlineData("capture", "--max-hello-bytes", "99999999999")]
    [InlineData("serve", "--max-connections", "NaN")]
    [InlineData("ciphers", "--seclevel", "6")]
    public void Out_of_range_whole_numbers_exit_2_with_the_range(string command, string option, string value)
    {
        var (exit, _, error) = CliRunner.Run(command, option, value);
        Assert.Equal(2, exit);
        Assert.Matches($"{option} must be a whole number from -?\\d+ to \\d+", error);
    }

    [Fact]
    public void A_value_in_range_is_accepted()
    {
        // Port 1 on loopback is closed: the scan fails fast with the network exit code, not a usage error.
        var (exit, _, error) = CliRunner.Run("probe", "127.0.0.1:1", "--timeout", "2.5", "--connect-timeout", "1");
        Assert.Equal(3, exit);
        Assert.DoesNotContain("must be", error);
    }
}
