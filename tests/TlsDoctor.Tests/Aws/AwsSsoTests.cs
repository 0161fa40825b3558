using System.Security.Cryptography;
using System.Text;
using TlsDoctor.Cli.Commands;

namespace TlsDoctor.Tests.Aws;

/// <summary>
/// An SSO profile end to end, as the AWS CLI uses one after `aws sso login`: AWSSDK.Core reads the cached token
/// (~/.aws/sso/cache/SHA1(start URL).json), calls the SSO portal's GetRoleCredentials on the local endpoint
/// (AWS_ENDPOINT_URL) with the bearer token, and the ELB calls that follow are signed with the role's keys.
/// </summary>
[Collection(AwsEnvironmentCollection.Name)]
public sealed class AwsSsoTests
{
    private const string StartUrl = "https://tlsdoctor-test.awsapps.com/start";
    private const string BearerToken = "aoaAAAAA-test-sso-bearer-token";

    private static string WriteSsoProfile(AwsEnvironment env, DateTime expiresAt)
    {
        var home = Path.Combine(env.Folder, "home");
        var cache = Path.Combine(home, ".aws", "sso", "cache");
        if (Directory.Exists(home)) Directory.Delete(home, true);
        Directory.CreateDirectory(cache);
        env.Set("HOME", home);
        env.Set("AWS_ACCESS_KEY_ID", null);
        env.Set("AWS_SECRET_ACCESS_KEY", null);
        env.Set("AWS_SESSION_TOKEN", null);
        File.WriteAllText(env.ConfigFile, $"""
            [profile sso-reader]
            sso_start_url = {StartUrl}
            sso_region = {AwsScenario.Region}
            sso_account_id = 123456789012
            sso_role_name = TlsDoctorReader
            region = {AwsScenario.Region}

            """);
        var key = Convert.ToHexStringLower(SHA1.HashData(Encoding.UTF8.GetBytes(StartUrl)));
        File.WriteAllText(Path.Combine(cache, key + ".json"),
            $$"""{"startUrl":"{{StartUrl}}","region":"{{AwsScenario.Region}}","accessToken":"{{BearerToken}}","expiresAt":"{{expiresAt:yyyy-MM-ddTHH:mm:ssZ}}"}""");
        return home;
    }

    private static void ServeRoleCredentials(AwsQueryServer server)
    {
        server.AllowUnsigned("GET /federation/credentials");
        server.On("GET /federation/credentials", r => r.Headers.GetValueOrDefault("x-amz-sso_bearer_token") == BearerToken
            ? AwsQueryServer.Json("{\"roleCredentials\":{\"accessKeyId\":\"" + AwsScenario.AccessKey + "\",\"secretAccessKey\":\"" + AwsScenario.SecretKey
                + "\",\"sessionToken\":\"" + AwsScenario.SessionToken + "\",\"expiration\":" + DateTimeOffset.UtcNow.AddHours(1).ToUnixTimeMilliseconds() + "}}")
            : AwsQueryServer.JsonError("UnauthorizedException", "Session token not found or invalid", 401));
    }

    [Fact]
    public async Task AnSsoProfileGetsItsRoleCredentialsFromTheCachedToken()
    {
        await using var server = AwsScenario.Start();
        using var env = AwsScenario.Environment(server);
        WriteSsoProfile(env, DateTime.UtcNow.AddHours(1));
        ServeRoleCredentials(server);

        var (exit, stdout, stderr) = CliRunner.Run("aws", "listeners", "--profile", "sso-reader", "--json");

        Assert.True(exit == 0, stderr);
        Assert.Contains("my-network-loadbalancer", stdout);
        var sso = Assert.Single(server.RequestsFor("GET /federation/credentials"));
        Assert.Equal(("123456789012", "TlsDoctorReader"), (sso.Get("account_id"), sso.Get("role_name")));
        Assert.Equal(BearerToken, sso.Headers["x-amz-sso_bearer_token"]);
        // Signed with the role's keys, or the endpoint would have refused them.
        Assert.All(server.Requests.Where(r => r.Action!.StartsWith("Describe", StringComparison.Ordinal)), r => Assert.True(r.Signature.IsValid, r.Signature.Reason));
        Assert.DoesNotContain(BearerToken, stdout + stderr);
    }

    [Fact]
    public async Task AnExpiredSsoTokenIsACredentialsError()
    {
        await using var server = AwsScenario.Start();
        using var env = AwsScenario.Environment(server);
        WriteSsoProfile(env, DateTime.UtcNow.AddHours(-1));
        ServeRoleCredentials(server);

        var (exit, stdout, stderr) = CliRunner.Run("aws", "listeners", "--profile", "sso-reader");

        Assert.Equal(AwsExitCodes.Credentials, exit);
        Assert.Equal("", stdout);
        Assert.Single(stderr.Trim().Split('\n'));
        Assert.DoesNotContain(BearerToken, stderr);
        Assert.DoesNotContain(server.Requests, r => r.Action is "DescribeLoadBalancers");
    }
}
