using System.Text.Json;

namespace TlsDoctor.Tests.Cli;

/// <summary>An endpoint that cannot be examined gets one sentence, and with --json the same failure object scan writes.</summary>
public class FailureOutputTests
{
    // Port 1 on loopback: nothing listens there, so every connection is refused at once.
    private const string Closed = "127.0.0.1:1";

    public static TheoryData<string[]> Commands => new()
    {
        new[] { "identify", "--target", Closed, "--timeout", "2" },
        new[] { "identify", Closed, "--timeout", "2" },
        new[] { "diagnose", Closed, "--timeout", "2" },
    };

    [Theory]
    [MemberData(nameof(Commands))]
    public void Text_is_one_sentence_without_a_record_dump(string[] args)
    {
        var (exit, _, error) = CliRunner.Run(args);
        Assert.Equal(3, exit);
        Assert.Contains($"error: cannot scan {Closed}: connection refused", error);
        Assert.DoesNotContain("{", error);
        Assert.DoesNotContain("Refused", error);
    }

    [Theory]
    [MemberData(nameof(Commands))]
    public void Json_is_a_failure_document_with_scans_failure_object(string[] args)
    {
        var (exit, output, _) = CliRunner.Run([.. args, "--json"]);
        Assert.Equal(3, exit);
        using var document = JsonDocument.Parse(output);
        var failure = document.RootElement.GetProperty("failure");

        var (scanExit, scanOutput, _) = CliRunner.Run("scan", Closed, "--timeout", "2", "--json");
        Assert.Equal(3, scanExit);
        using var scan = JsonDocument.Parse(scanOutput);
        Assert.Equal(scan.RootElement.GetProperty("failure").GetRawText(), failure.GetRawText());
        Assert.Equal("tlsdoctor.failure/1", document.RootElement.GetProperty("schema").GetString());
        Assert.Equal(args[0], document.RootElement.GetProperty("command").GetString());
        Assert.Equal($"cannot scan {Closed}: connection refused", document.RootElement.GetProperty("message").GetString());
    }

    [Theory]
    [InlineData("diagnose")]
    [InlineData("scan")]
    [InlineData("probe")]
    [InlineData("identify")]
    public void A_host_name_longer_than_dns_allows_is_exit_2(string command)
    {
        var (exit, _, error) = CliRunner.Run(command, new string('a', 300) + ".example");
        Assert.Equal(2, exit);
        Assert.Contains("a DNS name has at most 253", error);
    }

    [Fact]
    public void An_sni_longer_than_dns_allows_is_exit_2()
    {
        var (exit, _, error) = CliRunner.Run("probe", Closed, "--sni", new string('a', 66_000));
        Assert.Equal(2, exit);
        Assert.Contains("--sni is 66000 characters long", error);
    }
}
