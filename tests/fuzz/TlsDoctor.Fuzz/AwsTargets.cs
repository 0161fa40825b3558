using TlsDoctor.Aws;

namespace TlsDoctor.Fuzz;

/// <summary>
/// The Query-API response reader and every record mapped from it: whatever an endpoint (or something posing as one)
/// answers, the reader returns an element tree or an error string, and the mappings tolerate any tree.
/// </summary>
public static class AwsTargets
{
    public static void Xml(ReadOnlyMemory<byte> input)
    {
        var (root, error) = AwsXmlReader.Parse(input.Span);
        if (root is null)
        {
            if (error is null) throw new InvalidOperationException("neither a tree nor an error");
            return;
        }
        foreach (var element in Walk(root))
        {
            _ = AwsLoadBalancer.FromElbV2Xml(element).MetricDimension;
            _ = AwsLoadBalancer.FromClassicXml(element);
            _ = AwsListener.FromXml(element);
            _ = AwsPolicyContents.FromSslPolicy(AwsSslPolicy.FromXml(element));
            _ = AwsPolicyContents.FromClassicPolicy(AwsClassicPolicy.FromXml(element));
            _ = AwsMetricSeries.FromXml(element);
        }
    }

    private static IEnumerable<AwsXmlElement> Walk(AwsXmlElement root)
    {
        var stack = new Stack<AwsXmlElement>([root]);
        while (stack.Count > 0)
        {
            var e = stack.Pop();
            yield return e;
            foreach (var c in e.Children) stack.Push(c);
        }
    }
}
