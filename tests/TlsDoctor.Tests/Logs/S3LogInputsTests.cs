using System.Diagnostics;
using System.IO.Compression;
using System.Text;
using System.Text.Json;
using TlsDoctor.Logs;

namespace TlsDoctor.Tests.Logs;

/// <summary>
/// `tlsdoctor logs … s3://bucket/prefix` against a local S3-compatible endpoint that checks every signature: listing
/// with continuation, date folders instead of the whole prefix, gzip and plain objects, access denied, no secret shown.
/// </summary>
[Collection(AwsEnvironmentCollection.Name)]
public class S3LogInputsTests
{
    private const string AccessKey = "AKIDLOGSTEST0000001";
    private const string Secret = "logs/secret/that/must/never/appear/0123";
    private const string Root = "prefix/AWSLogs/123456789012/elasticloadbalancing/us-east-2/";

    private static (Dictionary<string, byte[]> Objects, LogGenerator Counted) Bucket()
    {
        var counted = new LogGenerator(41);
        var other = new LogGenerator(42);
        byte[] Log(LogGenerator g, int lines, bool gzip)
        {
            var text = new StringWriter();
            g.Write("alb-connection", text, lines);
            var bytes = Encoding.UTF8.GetBytes(text.ToString());
            if (!gzip) return bytes;
            var packed = new MemoryStream();
            using (var z = new GZipStream(packed, CompressionLevel.Fastest)) z.Write(bytes);
            return packed.ToArray();
        }
        string Name(int i) => $"conn_log.123456789012_elasticloadbalancing_us-east-2_app.lb.1_20250302T00{i}5Z_10.0.0.1_r{i}.log";
        var objects = new Dictionary<string, byte[]>
        {
            [Root + "2025/03/01/" + Name(0) + ".gz"] = Log(other, 300, true),
            [Root + "2025/03/02/" + Name(1) + ".gz"] = Log(counted, 400, true),
            [Root + "2025/03/02/" + Name(2)] = Log(counted, 350, false),
            [Root + "2025/03/03/" + Name(3) + ".gz"] = Log(counted, 200, true),
            [Root + "2025/03/04/" + Name(4) + ".gz"] = Log(other, 100, true),
        };
        return (objects, counted);
    }

    private static AwsEnvironment Environment(FakeS3Server server) => new(
        ("AWS_ACCESS_KEY_ID", AccessKey), ("AWS_SECRET_ACCESS_KEY", Secret), ("AWS_REGION", "us-east-2"), ("AWS_ENDPOINT_URL_S3", server.Url));

    [Fact]
    public void SummaryReadsTheSelectedDateFoldersFromS3()
    {
        var (objects, counted) = Bucket();
        using var server = new FakeS3Server("logs-bucket", objects, (AccessKey, Secret));
        using var environment = Environment(server);
        var (exit, stdout, stderr) = CliRunner.Run("logs", "summary", "--json", "--since", "2025-03-02", "--until", "2025-03-03", "s3://logs-bucket/" + Root);
        Assert.True(exit == 0, stderr);
        using var doc = JsonDocument.Parse(stdout);
        Assert.Equal(3, doc.RootElement.GetProperty("files").GetInt32());
        Assert.Equal(counted.Truth.Connections, doc.RootElement.GetProperty("connections").GetInt64());
        Assert.Equal(counted.Truth.Failed, doc.RootElement.GetProperty("failed").GetInt64());

        var requests = server.Requests;
        Assert.All(requests, r => Assert.True(r.Signature.IsValid, r.Signature.Reason));
        Assert.All(requests, r => Assert.Equal(("us-east-2", "s3", AccessKey), (r.Signature.Region, r.Signature.Service, r.Signature.AccessKey)));
        // Only the two date folders were listed, never the whole prefix.
        var lists = requests.Where(r => r.Query.ContainsKey("list-type")).ToList();
        Assert.Equal([Root + "2025/03/02/", Root + "2025/03/03/"], lists.Select(r => r.Query["prefix"]));
        Assert.Equal(3, requests.Count(r => !r.Query.ContainsKey("list-type")));
        Assert.DoesNotContain(Secret, stdout + stderr);
    }

    [Fact]
    public void TheWholePrefixIsListedWhenNoDatesAreGiven()
    {
        var (objects, _) = Bucket();
        using var server = new FakeS3Server("logs-bucket", objects, (AccessKey, Secret));
        using var environment = Environment(server);
        var (exit, stdout, stderr) = CliRunner.Run("logs", "summary", "--json", "s3://logs-bucket/prefix/");
        Assert.True(exit == 0, stderr);
        using var doc = JsonDocument.Parse(stdout);
        Assert.Equal(5, doc.RootElement.GetProperty("files").GetInt32());
        Assert.Equal(1350, doc.RootElement.GetProperty("lines").GetInt64());
        // Five keys, two per page: three listing requests, following the continuation tokens.
        var lists = server.Requests.Where(r => r.Query.ContainsKey("list-type")).ToList();
        Assert.Equal(3, lists.Count);
        Assert.Equal(2, lists.Count(r => r.Query.ContainsKey("continuation-token")));
    }

    [Fact]
    public void AccessDeniedIsOneSentenceAndTheAwsCommandsExitCodeWithoutSecrets()
    {
        var (objects, _) = Bucket();
        using var server = new FakeS3Server("logs-bucket", objects, (AccessKey, Secret)) { DenyAll = true };
        using var environment = Environment(server);
        var (exit, stdout, stderr) = CliRunner.Run("logs", "summary", "s3://logs-bucket/" + Root);
        Assert.Equal(11, exit);   // AwsExitCodes.AccessDenied, as `tlsdoctor aws` answers
        Assert.Equal("", stdout);
        Assert.Contains("access denied", stderr);
        Assert.Contains("s3:ListBucket", stderr);
        Assert.DoesNotContain(Secret, stderr);
        Assert.DoesNotContain("   at ", stderr);
    }

    [Fact]
    public void AWrongSecretIsRefusedByTheServersSignatureCheck()
    {
        var (objects, _) = Bucket();
        using var server = new FakeS3Server("logs-bucket", objects, (AccessKey, "another-secret"));
        using var environment = Environment(server);
        var (exit, _, stderr) = CliRunner.Run("logs", "summary", "s3://logs-bucket/" + Root);
        Assert.Equal(11, exit);
        Assert.Contains("SignatureDoesNotMatch", stderr);
        Assert.All(server.Requests, r => Assert.False(r.Signature.IsValid));
    }

    [Fact]
    public void TheAwsCliReadsTheSameBucketFromTheFakeServer()
    {
        // The real AWS CLI as a second, independent client: the fake speaks S3's wire format, not only TlsDoctor's.
        var (objects, _) = Bucket();
        using var server = new FakeS3Server("logs-bucket", objects, (AccessKey, Secret));
        using var environment = Environment(server);
        var start = new ProcessStartInfo("aws", ["s3api", "list-objects-v2", "--bucket", "logs-bucket", "--prefix", Root + "2025/03/02/", "--endpoint-url", server.Url, "--output", "json"])
        { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var (name, value) in environment.Variables) start.Environment[name] = value;
        using var aws = Process.Start(start)!;
        var output = aws.StandardOutput.ReadToEnd();
        var error = aws.StandardError.ReadToEnd();
        aws.WaitForExit();
        Assert.True(aws.ExitCode == 0, error);
        using var doc = JsonDocument.Parse(output);
        Assert.Equal(objects.Keys.Where(k => k.StartsWith(Root + "2025/03/02/", StringComparison.Ordinal)).Order(StringComparer.Ordinal),
            doc.RootElement.GetProperty("Contents").EnumerateArray().Select(c => c.GetProperty("Key").GetString()!));
        Assert.All(server.Requests, r => Assert.True(r.Signature.IsValid, r.Signature.Reason));
    }

    [Fact]
    public void NoCredentialsIsTheAwsCommandsCredentialsExitCode()
    {
        using var environment = new AwsEnvironment(("AWS_REGION", "us-east-2"), ("AWS_ENDPOINT_URL_S3", "http://127.0.0.1:9/"));
        var (exit, stdout, stderr) = CliRunner.Run("logs", "summary", "s3://logs-bucket/" + Root);
        Assert.Equal(10, exit);
        Assert.Equal("", stdout);
        Assert.Contains("credentials", stderr);
    }

    [Theory]
    [InlineData("s3://Bad_Bucket/x")]
    [InlineData("s3://")]
    public void ABadS3UrlIsUsage(string url)
    {
        Assert.False(S3LogInputs.TryParse(url, out _, out _));
    }

    [Fact]
    public void DayPrefixesOnlyUnderTheRegionFolder()
    {
        var range = new LogDateRange(new DateOnly(2025, 3, 30), new DateOnly(2025, 4, 1));
        Assert.Equal([Root + "2025/03/30/", Root + "2025/03/31/", Root + "2025/04/01/"], S3LogInputs.DayPrefixes(Root, range));
        Assert.Null(S3LogInputs.DayPrefixes("prefix/", range));
        Assert.Null(S3LogInputs.DayPrefixes(Root, new LogDateRange(new DateOnly(2025, 3, 30), null)));
    }
}
