using System.Text;
using TlsDoctor.Aws;
using TlsDoctor.Negotiation;

namespace TlsDoctor.Tests.Aws;

/// <summary>
/// The AWS JSON 1.1 half of the client (ACM DescribeCertificate, for diagnose --listener) against the local endpoint:
/// retries and error classification as for the Query protocol, and hostile answers (random bytes, truncated or deeply
/// nested JSON, wrong types) end as a value or one <see cref="AwsException"/>, never another exception.
/// </summary>
[Collection(AwsEnvironmentCollection.Name)]
public sealed class AcmJsonProtocolTests
{
    private const string Arn = "arn:aws:acm:us-west-2:123456789012:certificate/12345678-1234-1234-1234-123456789012";
    private static readonly QueryClientOptions Fast = new() { BaseDelay = TimeSpan.FromMilliseconds(1), MaxDelay = TimeSpan.FromMilliseconds(5), JitterSeed = 1 };

    private static QueryClient Client(AwsQueryServer server) =>
        new(AwsSession.Resolve(new(Region: AwsScenario.Region, EndpointUrl: server.Url)).Session!, Fast);

    [Fact]
    public async Task ThrottlingIsRetriedThenTheKeyTypeIsRead()
    {
        await using var server = AwsScenario.Start();
        using var env = AwsScenario.Environment(server);
        var calls = 0;
        server.On("DescribeCertificate", _ => Interlocked.Increment(ref calls) == 1
            ? AwsQueryServer.JsonError("com.amazonaws.acm#ThrottlingException", "Rate exceeded")
            : AwsQueryServer.Json("{\"Certificate\":{\"CertificateArn\":\"" + Arn + "\",\"KeyAlgorithm\":\"EC_secp384r1\"}}"));
        using var client = Client(server);
        var keys = await AwsCertificates.DescribeAsync(client, [Arn, "arn:aws:iam::123456789012:server-certificate/x", Arn], CancellationToken.None);

        Assert.Equal([CertificateKind.Ecdsa, null], keys.Select(k => k.Kind));
        Assert.Equal("EC_secp384r1", keys[0].KeyAlgorithm);
        Assert.Equal(2, server.RequestsFor("DescribeCertificate").Count);   // one throttled, one answered; the repeated ARN is asked once
    }

    [Theory]
    [InlineData("ResourceNotFoundException", 400, "ResourceNotFoundException")]
    [InlineData("AccessDeniedException", 400, "acm:DescribeCertificate")]
    [InlineData("InvalidArnException", 400, "InvalidArnException")]
    public async Task ErrorsLeaveTheKeyUnknownWithTheirSentence(string code, int status, string phrase)
    {
        await using var server = AwsScenario.Start();
        using var env = AwsScenario.Environment(server);
        server.On("DescribeCertificate", _ => AwsQueryServer.JsonError(code, "no", status));
        using var client = Client(server);
        var key = Assert.Single(await AwsCertificates.DescribeAsync(client, [Arn], CancellationToken.None));
        Assert.Null(key.Kind);
        Assert.Contains(phrase, key.Why);
    }

    [Fact]
    public async Task ExpiredCredentialsStillStopTheRun()
    {
        await using var server = AwsScenario.Start();
        using var env = AwsScenario.Environment(server);
        server.On("DescribeCertificate", _ => AwsQueryServer.JsonError("ExpiredTokenException", "The security token included in the request is expired"));
        using var client = Client(server);
        var error = (await Assert.ThrowsAsync<AwsException>(() => AwsCertificates.DescribeAsync(client, [Arn], CancellationToken.None))).Error;
        Assert.Equal(AwsErrorKind.ExpiredCredentials, error.Kind);
    }

    [Fact]
    public async Task HostileAnswersEndAsAValueOrOneAwsError()
    {
        await using var server = AwsScenario.Start();
        using var env = AwsScenario.Environment(server);
        var random = new Random(20261206);
        string[] shapes =
        [
            "", "{", "[]", "null", "42", "\"x\"", "{\"Certificate\":null}", "{\"Certificate\":{\"KeyAlgorithm\":42}}", "{\"Certificate\":[1,2]}",
            "{\"__type\":42}", "{\"__type\":\"#\"}", "{\"__type\":\"a#b#\",\"message\":{}}", new string('[', 5000), new string('{', 100) + new string('}', 100),
            "{\"Certificate\":{\"KeyAlgorithm\":\"" + new string('A', 100_000) + "\"}}", "\uFEFF{}", "{\"a\":1,\"a\":2}",
        ];
        var current = new AwsQueryServer.Response(200, "");
        server.On("DescribeCertificate", _ => current);
        using var client = Client(server);
        for (var round = 0; round < 200; round++)
        {
            var body = round < shapes.Length * 3 ? shapes[round % shapes.Length] : RandomText(random);
            int[] statuses = [200, 400, 403, 404, 500];
            current = new AwsQueryServer.Response(statuses[round / shapes.Length % statuses.Length], body, "application/x-amz-json-1.1");
            try
            {
                var keys = await AwsCertificates.DescribeAsync(client, [Arn], CancellationToken.None);
                Assert.Single(keys);
            }
            catch (AwsException e)
            {
                Assert.False(string.IsNullOrWhiteSpace(e.Error.Message));
                Assert.DoesNotContain("\n", e.Error.Message);
            }
        }
    }

    private static string RandomText(Random random)
    {
        var bytes = new byte[random.Next(0, 200)];
        random.NextBytes(bytes);
        return random.Next(2) == 0 ? Encoding.Latin1.GetString(bytes) : "{\"Certificate\":{\"KeyAlgorithm\":\"" + Convert.ToBase64String(bytes) + (random.Next(2) == 0 ? "\"}}" : "");
    }
}
