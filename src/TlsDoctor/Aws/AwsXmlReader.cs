using System.Text;
using System.Xml;

namespace TlsDoctor.Aws;

/// <summary>
/// Reads a Query-API response body into <see cref="AwsXmlElement"/>s, treating it as hostile input: no DTD (so no
/// entity expansion and no external fetch), no resolver, and bounds on size, depth and element count. Anything
/// else than well-formed XML within the bounds is an error string, never an exception.
/// </summary>
public static class AwsXmlReader
{
    /// <summary>Largest body accepted; a DescribeLoadBalancers page of 400 is well under 2 MB.</summary>
    public const int MaxBytes = 16 * 1024 * 1024;
    public const int MaxDepth = 64;
    public const int MaxElements = 500_000;
    public const int MaxTextLength = 1024 * 1024;

    private static readonly XmlReaderSettings Settings = new()
    {
        DtdProcessing = DtdProcessing.Prohibit,
        XmlResolver = null,
        MaxCharactersInDocument = MaxBytes,
        MaxCharactersFromEntities = 1024,
        IgnoreComments = true,
        IgnoreProcessingInstructions = true,
        IgnoreWhitespace = true,
        CloseInput = true,
    };

    public static (AwsXmlElement? Root, string? Error) Parse(ReadOnlySpan<byte> body)
    {
        if (body.Length > MaxBytes) return (null, $"the response is larger than {MaxBytes} bytes");
        if (body.IsEmpty) return (null, "the response body is empty");
        try
        {
            using var reader = XmlReader.Create(new MemoryStream(body.ToArray(), writable: false), Settings);
            return Read(reader);
        }
        catch (XmlException e)
        {
            return (null, $"the response is not well-formed XML (line {e.LineNumber}, position {e.LinePosition})");
        }
        catch (DecoderFallbackException)
        {
            return (null, "the response is not valid text in its declared encoding");
        }
    }

    public static (AwsXmlElement? Root, string? Error) Parse(string text) => Parse(Encoding.UTF8.GetBytes(text));

    private sealed class Open(string name)
    {
        public readonly string Name = name;
        public readonly List<AwsXmlElement> Children = [];
        public StringBuilder? Text;
    }

    private static (AwsXmlElement? Root, string? Error) Read(XmlReader reader)
    {
        var stack = new Stack<Open>();
        AwsXmlElement? root = null;
        var elements = 0;
        while (reader.Read())
        {
            switch (reader.NodeType)
            {
                case XmlNodeType.Element:
                    if (root is not null) return (null, "the response has content after its root element");
                    if (++elements > MaxElements) return (null, $"the response has more than {MaxElements} elements");
                    if (stack.Count >= MaxDepth) return (null, $"the response nests deeper than {MaxDepth} elements");
                    var open = new Open(reader.LocalName);
                    if (reader.IsEmptyElement) Close(open, stack, ref root);
                    else stack.Push(open);
                    break;
                case XmlNodeType.Text or XmlNodeType.CDATA or XmlNodeType.SignificantWhitespace:
                    if (stack.Count == 0) return (null, "the response has text outside its root element");
                    var top = stack.Peek();
                    top.Text ??= new StringBuilder();
                    if (top.Text.Length + reader.Value.Length > MaxTextLength) return (null, $"an element's text is longer than {MaxTextLength} characters");
                    top.Text.Append(reader.Value);
                    break;
                case XmlNodeType.EndElement:
                    Close(stack.Pop(), stack, ref root);
                    break;
            }
        }
        return root is null ? (null, "the response has no root element") : (root, null);
    }

    private static void Close(Open open, Stack<Open> stack, ref AwsXmlElement? root)
    {
        var element = new AwsXmlElement(open.Name, open.Children.Count > 0 ? "" : open.Text?.ToString() ?? "", open.Children);
        if (stack.Count == 0) root = element;
        else stack.Peek().Children.Add(element);
    }
}
