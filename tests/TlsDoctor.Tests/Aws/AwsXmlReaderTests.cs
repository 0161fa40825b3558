using System.Text;
using TlsDoctor.Aws;

namespace TlsDoctor.Tests.Aws;

/// <summary>The Query-API response reader on hostile input: truncations, seeded mutations and random bytes never throw.</summary>
public sealed class AwsXmlReaderTests
{
    private static readonly string[] Samples = Directory.GetFiles(RepoPaths.SharedReference("aws/api-samples"), "*.xml").Order().ToArray();

    [Fact]
    public void SamplesReadIntoTheirResultWrappers()
    {
        Assert.True(Samples.Length >= 19);
        foreach (var file in Samples)
        {
            var (root, error) = AwsXmlReader.Parse(File.ReadAllBytes(file));
            Assert.True(root is not null, $"{Path.GetFileName(file)}: {error}");
            Assert.True(root.Name.EndsWith("Response", StringComparison.Ordinal), root.Name);
        }
        var (listeners, _) = AwsXmlReader.Parse(File.ReadAllBytes(Samples.Single(f => f.EndsWith("elbv2-DescribeListeners-nlb-tls.response.xml"))));
        var listener = AwsListener.FromXml(listeners!.Child("DescribeListenersResult")!.Members("Listeners").Single());
        Assert.Equal((443, "TLS", "ELBSecurityPolicy-TLS13-1-2-2021-06"), (listener.Port, listener.Protocol, listener.SslPolicy));
    }

    [Fact]
    public void EveryTruncationIsAnErrorNotAnException()
    {
        foreach (var file in Samples)
        {
            var bytes = File.ReadAllBytes(file);
            var end = Encoding.UTF8.GetString(bytes).TrimEnd().Length;
            for (var length = 0; length < end; length++)
            {
                var (root, error) = AwsXmlReader.Parse(bytes.AsSpan(0, length));
                Assert.True(root is null && error is not null, $"{Path.GetFileName(file)} cut at {length} read as complete");
            }
        }
    }

    [Fact]
    public void SeededMutationsAndRandomBytesNeverThrow()
    {
        var random = new Random(20261206);
        for (var i = 0; i < 20_000; i++)
        {
            byte[] input;
            if (i % 4 == 0)
            {
                input = new byte[random.Next(0, 512)];
                random.NextBytes(input);
            }
            else
            {
                input = File.ReadAllBytes(Samples[random.Next(Samples.Length)]);
                for (var m = random.Next(1, 8); m > 0; m--)
                {
                    var at = random.Next(input.Length);
                    switch (random.Next(3))
                    {
                        case 0: input[at] = (byte)random.Next(256); break;
                        case 1: input = [.. input.AsSpan(0, at), .. input.AsSpan(Math.Min(input.Length, at + random.Next(1, 40)))]; break;
                        default: input = [.. input.AsSpan(0, at), .. "<member>&#x0;<![CDATA[x]]></member>"u8, .. input.AsSpan(at)]; break;
                    }
                    if (input.Length == 0) break;
                }
            }
            var (root, error) = AwsXmlReader.Parse(input);
            Assert.True(root is not null ^ error is not null);
            if (root is not null) _ = AwsListener.FromXml(root);
        }
    }

    [Fact]
    public void DtdsAndEntitiesAreRefused()
    {
        const string laughs = """
            <?xml version="1.0"?>
            <!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">]>
            <DescribeListenersResponse><DescribeListenersResult><Listeners><member><SslPolicy>&lol2;</SslPolicy></member></Listeners></DescribeListenersResult></DescribeListenersResponse>
            """;
        var (root, error) = AwsXmlReader.Parse(laughs);
        Assert.Null(root);
        Assert.Contains("not well-formed", error);

        var external = """<?xml version="1.0"?><!DOCTYPE x SYSTEM "http://127.0.0.1:1/x.dtd"><x/>""";
        Assert.Null(AwsXmlReader.Parse(external).Root);
    }

    [Fact]
    public void DepthAndSizeAreBounded()
    {
        var deep = string.Concat(Enumerable.Repeat("<a>", AwsXmlReader.MaxDepth + 1)) + string.Concat(Enumerable.Repeat("</a>", AwsXmlReader.MaxDepth + 1));
        Assert.Contains("deeper", AwsXmlReader.Parse(deep).Error);
        var shallow = string.Concat(Enumerable.Repeat("<a>", AwsXmlReader.MaxDepth)) + string.Concat(Enumerable.Repeat("</a>", AwsXmlReader.MaxDepth));
        Assert.NotNull(AwsXmlReader.Parse(shallow).Root);
        Assert.Contains("larger", AwsXmlReader.Parse(new byte[AwsXmlReader.MaxBytes + 1]).Error);
        Assert.Null(AwsXmlReader.Parse("<a/><b/>").Root);
    }
}
