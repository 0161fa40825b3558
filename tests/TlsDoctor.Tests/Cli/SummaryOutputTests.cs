using System.Text.Json;

namespace TlsDoctor.Tests.Cli;

/// <summary>Long answers are summarised in the terminal; --verbose and --json keep every detail.</summary>
public class SummaryOutputTests
{
    [Fact]
    public void Recommend_summarises_the_stricter_policies_per_client()
    {
        var (exit, output, _) = CliRunner.Run("recommend", "--client", "java-7u25,ie-11-win7");
        Assert.Equal(0, exit);
        var (_, json, _) = CliRunner.Run("recommend", "--client", "java-7u25", "--client", "ie-11-win7", "--json");
        using var document = JsonDocument.Parse(json);
        var breaks = document.RootElement.GetProperty("breaks").GetArrayLength();
        Assert.True(breaks > 10, $"only {breaks} stricter policies: the summary has nothing to summarise");

        Assert.Contains($"{breaks} stricter policies would refuse a client", output);
        Assert.Contains("Java 7u25: refused by", output);
        Assert.Contains("IE 11 Win 7: refused by", output);
        Assert.True(output.Split('\n').Length < 30, $"{output.Split('\n').Length} lines:\n{output}");

        var (_, verbose, _) = CliRunner.Run("recommend", "--client", "java-7u25,ie-11-win7", "--verbose");
        foreach (var policy in document.RootElement.GetProperty("breaks").EnumerateArray())
            Assert.Contains(policy.GetProperty("policy").GetString()!, verbose);
    }

    [Fact]
    public void Simulate_of_an_accepted_client_lists_the_most_secure_few_accepting_policies()
    {
        var (exit, output, _) = CliRunner.Run("simulate", "--client", "firefox-137-win11", "--policy", "ELBSecurityPolicy-2016-08");
        Assert.Equal(0, exit);
        var (_, json, _) = CliRunner.Run("simulate", "--client", "firefox-137-win11", "--policy", "ELBSecurityPolicy-2016-08", "--json");
        using var document = JsonDocument.Parse(json);
        var accepting = document.RootElement.GetProperty("acceptingPolicies").EnumerateArray().Select(p => p.GetString()!).ToList();
        Assert.True(accepting.Count > 10, $"only {accepting.Count} accepting policies");

        Assert.Contains($"{accepting.Count} aws", output);
        Assert.Contains($"and {accepting.Count - 5} more (--verbose lists them all)", output);
        Assert.Contains(accepting[0], output);
        Assert.DoesNotContain(accepting[^1], output);

        var (_, verbose, _) = CliRunner.Run("simulate", "--client", "firefox-137-win11", "--policy", "ELBSecurityPolicy-2016-08", "--verbose");
        Assert.All(accepting, p => Assert.Contains(p, verbose));
    }

    [Theory]
    [InlineData("java-8u442")]
    [InlineData("java-80442")]
    [InlineData("Java 8u442 (OpenJDK)")]
    public void Java_8u442_is_named_like_the_other_java_8_updates(string name)
    {
        var (exit, output, error) = CliRunner.Run("simulate", "--client", name, "--policy", "ELBSecurityPolicy-2016-08");
        Assert.True(exit == 0, error);
        Assert.Contains("Java 8u442", output);
    }

    [Fact]
    public void Clients_are_accepted_as_a_comma_list()
    {
        var (exit, output, error) = CliRunner.Run("simulate", "--client", "java-7u25,ie-11-win7", "--policy", "ELBSecurityPolicy-2016-08", "--matrix");
        Assert.True(exit == 0, error);
        Assert.Contains("Java 7u25", output);
        Assert.Contains("IE 11 Win 7", output);
        Assert.Contains("2 of 2 agree", output);
    }
}
