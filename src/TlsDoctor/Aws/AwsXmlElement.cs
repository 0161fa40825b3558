namespace TlsDoctor.Aws;

/// <summary>
/// One element of a Query-API response, by local name (namespaces are the API version's and carry no meaning
/// once the request is known). An element has children or text; attributes are never used by these APIs.
/// </summary>
public sealed class AwsXmlElement(string name, string text, IReadOnlyList<AwsXmlElement> children)
{
    public string Name { get; } = name;

    /// <summary>The element's text content (empty for an element with children).</summary>
    public string Text { get; } = text;

    public IReadOnlyList<AwsXmlElement> Children { get; } = children;

    /// <summary>The first child with this name, or null.</summary>
    public AwsXmlElement? Child(string childName)
    {
        foreach (var c in Children) if (c.Name == childName) return c;
        return null;
    }

    /// <summary>Text of the first child with this name; null when absent (an empty element gives "").</summary>
    public string? Value(string childName) => Child(childName)?.Text;

    /// <summary>The <c>member</c> elements of a non-flattened list child (<c>&lt;Name&gt;&lt;member&gt;…</c>); empty when absent.</summary>
    public IEnumerable<AwsXmlElement> Members(string listName) =>
        Child(listName) is { } list ? list.Children.Where(c => c.Name == "member") : [];

    /// <summary>The texts of a list of strings.</summary>
    public IReadOnlyList<string> Strings(string listName) => Members(listName).Select(m => m.Text).ToList();

    public override string ToString() => Children.Count == 0 ? $"<{Name}>{Text}</{Name}>" : $"<{Name}> ({Children.Count} children)";
}
