namespace TlsDoctor.Reports;

/// <summary>A group of client rows in the compatibility grid; <see cref="Order"/> sorts the groups (browsers first).</summary>
public sealed record ClientFamily(string Name, int Order)
{
    private static readonly ClientFamily Browsers = new("Browsers", 0);
    private static readonly ClientFamily Android = new("Android", 1);
    private static readonly ClientFamily Java = new("Java", 2);
    private static readonly ClientFamily DotNet = new(".NET", 3);
    private static readonly ClientFamily OpenSsl = new("OpenSSL and TLS libraries", 4);
    private static readonly ClientFamily Curl = new("curl", 5);
    private static readonly ClientFamily Runtimes = new("Language runtimes", 6);
    private static readonly ClientFamily Crawlers = new("Crawlers and bots", 7);
    private static readonly ClientFamily Mail = new("Mail clients", 8);
    private static readonly ClientFamily Other = new("Other clients", 9);

    /// <summary>The grid group of a client profile's family (data/clients/*.json "family"); null (a pasted or captured hello) is "Other clients".</summary>
    public static ClientFamily Of(string? profileFamily) => profileFamily switch
    {
        "chrome" or "firefox" or "safari" or "edge" or "opera" or "internet-explorer" or "tor" => Browsers,
        "android" => Android,
        "java" => Java,
        "dotnet" => DotNet,
        "openssl" or "libressl" or "gnutls" => OpenSsl,
        "curl" => Curl,
        "python" or "go" or "nodejs" => Runtimes,
        "crawler" => Crawlers,
        "mail" => Mail,
        _ => Other,
    };
}
