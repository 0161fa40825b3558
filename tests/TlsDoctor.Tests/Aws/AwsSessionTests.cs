using TlsDoctor.Aws;

namespace TlsDoctor.Tests.Aws;

[Collection(AwsEnvironmentCollection.Name)]
public sealed class AwsSessionTests
{
    [Fact]
    public void RegionFromTheOptionWinsOverTheEnvironment()
    {
        using var env = new AwsEnvironment(("AWS_REGION", "eu-west-1"));
        var (session, error) = AwsSession.Resolve(new AwsSessionOptions(Region: "us-west-2"));
        Assert.Null(error);
        Assert.Equal("us-west-2", session!.Region.SystemName);
        Assert.Equal("--region", session.RegionSource);
    }

    [Fact]
    public void RegionFromAwsRegionThenAwsDefaultRegionThenProfile()
    {
        using var env = new AwsEnvironment(("AWS_DEFAULT_REGION", "eu-west-3"));
        File.WriteAllText(env.ConfigFile, "[default]\nregion = ap-south-1\n");
        Assert.Equal("eu-west-3", AwsSession.Resolve(new()).Session!.Region.SystemName);
        env.Set("AWS_REGION", "eu-north-1");
        Assert.Equal("eu-north-1", AwsSession.Resolve(new()).Session!.Region.SystemName);
        env.Set("AWS_REGION", null);
        env.Set("AWS_DEFAULT_REGION", null);
        var (session, _) = AwsSession.Resolve(new());
        Assert.Equal("ap-south-1", session!.Region.SystemName);
        Assert.Equal("profile default", session.RegionSource);
    }

    [Fact]
    public void NoRegionIsItsOwnError()
    {
        using var env = new AwsEnvironment();
        var (session, error) = AwsSession.Resolve(new());
        Assert.Null(session);
        Assert.Equal(AwsErrorKind.NoRegion, error!.Kind);
        Assert.Contains("--region", error.Message);
    }

    [Fact]
    public void UnknownProfileIsACredentialsError()
    {
        using var env = new AwsEnvironment(("AWS_REGION", "us-east-1"));
        File.WriteAllText(env.ConfigFile, "[profile other]\nregion = us-east-2\n");
        var (_, error) = AwsSession.Resolve(new(Profile: "missing"));
        Assert.Equal(AwsErrorKind.MissingCredentials, error!.Kind);
        Assert.Contains("'missing'", error.Message);
    }

    [Fact]
    public void EndpointsFollowTheCliOrder()
    {
        using var env = new AwsEnvironment(("AWS_REGION", "us-west-2"));
        File.WriteAllText(env.ConfigFile, "[default]\nendpoint_url = http://127.0.0.1:1001\n");
        var session = AwsSession.Resolve(new()).Session!;
        Assert.Equal(new AwsEndpoint(new Uri("http://127.0.0.1:1001"), "profile default"), session.EndpointFor(AwsService.CloudWatch));

        env.Set("AWS_ENDPOINT_URL", "http://127.0.0.1:1002");
        Assert.Equal("http://127.0.0.1:1002/", session.EndpointFor(AwsService.ElasticLoadBalancingV2).Url.ToString());

        env.Set("AWS_ENDPOINT_URL_ELASTIC_LOAD_BALANCING_V2", "http://127.0.0.1:1003");
        env.Set("AWS_ENDPOINT_URL_ELASTIC_LOAD_BALANCING", "http://127.0.0.1:1004");
        env.Set("AWS_ENDPOINT_URL_CLOUDWATCH", "http://127.0.0.1:1005");
        env.Set("AWS_ENDPOINT_URL_S3", "http://127.0.0.1:1006");
        Assert.Equal("AWS_ENDPOINT_URL_ELASTIC_LOAD_BALANCING_V2", session.EndpointFor(AwsService.ElasticLoadBalancingV2).Source);
        Assert.Equal(1004, session.EndpointFor(AwsService.ElasticLoadBalancing).Url.Port);
        Assert.Equal(1005, session.EndpointFor(AwsService.CloudWatch).Url.Port);
        Assert.Equal(1006, session.EndpointFor(AwsService.S3).Url.Port);

        var withOption = AwsSession.Resolve(new(EndpointUrl: "http://127.0.0.1:1007")).Session!;
        Assert.Equal(1007, withOption.EndpointFor(AwsService.S3).Url.Port);

        env.Set("AWS_IGNORE_CONFIGURED_ENDPOINT_URLS", "true");
        var ignored = session.EndpointFor(AwsService.ElasticLoadBalancingV2);
        Assert.Equal("https://elasticloadbalancing.us-west-2.amazonaws.com/", ignored.Url.ToString());
        Assert.False(ignored.IsOverride);
        Assert.Equal("https://monitoring.us-west-2.amazonaws.com/", session.EndpointFor(AwsService.CloudWatch).Url.ToString());
    }

    [Fact]
    public void ChinaRegionsUseTheirPartitionSuffix()
    {
        using var env = new AwsEnvironment();
        var session = AwsSession.Resolve(new(Region: "cn-north-1")).Session!;
        Assert.Equal("https://elasticloadbalancing.cn-north-1.amazonaws.com.cn/", session.EndpointFor(AwsService.ElasticLoadBalancing).Url.ToString());
    }

    [Fact]
    public async Task CredentialsFromEnvironmentAndFromProfile()
    {
        using var env = new AwsEnvironment(("AWS_REGION", "us-east-1"),
            ("AWS_ACCESS_KEY_ID", "AKIDENVIRONMENT"), ("AWS_SECRET_ACCESS_KEY", "env-secret"), ("AWS_SESSION_TOKEN", "env-token"));
        File.WriteAllText(env.CredentialsFile, "[work]\naws_access_key_id = AKIDPROFILE\naws_secret_access_key = profile-secret\n");
        var (keys, error) = await AwsSession.Resolve(new()).Session!.GetKeysAsync(CancellationToken.None);
        Assert.Null(error);
        Assert.Equal(("AKIDENVIRONMENT", "env-secret", "env-token"), (keys!.AccessKey, keys.SecretKey, keys.Token));

        // As with the AWS CLI, an explicit --profile wins over credentials in the environment.
        var (fromProfile, _) = await AwsSession.Resolve(new(Profile: "work")).Session!.GetKeysAsync(CancellationToken.None);
        Assert.Equal("AKIDPROFILE", fromProfile!.AccessKey);

        env.Set("AWS_PROFILE", "work");
        env.Set("AWS_ACCESS_KEY_ID", null);
        env.Set("AWS_SECRET_ACCESS_KEY", null);
        var (viaVariable, _) = await AwsSession.Resolve(new()).Session!.GetKeysAsync(CancellationToken.None);
        Assert.Equal("AKIDPROFILE", viaVariable!.AccessKey);
    }

    [Fact]
    public async Task NoCredentialsIsOneSentence()
    {
        using var env = new AwsEnvironment(("AWS_REGION", "us-east-1"));
        var (keys, error) = await AwsSession.Resolve(new()).Session!.GetKeysAsync(CancellationToken.None);
        Assert.Null(keys);
        Assert.Equal(AwsErrorKind.MissingCredentials, error!.Kind);
        Assert.DoesNotContain("\n", error.Message);
    }

    [Fact]
    public void SessionTextNamesNoSecret()
    {
        using var env = new AwsEnvironment(("AWS_ACCESS_KEY_ID", "AKIDX"), ("AWS_SECRET_ACCESS_KEY", "very-secret"));
        var session = AwsSession.Resolve(new(Region: "us-east-1")).Session!;
        Assert.DoesNotContain("very-secret", session.ToString());
    }
}
