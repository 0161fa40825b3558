namespace TlsDoctor.Aws;

/// <summary>
/// The URL a service is called at and where it came from (for --verbose): "--endpoint-url", an environment
/// variable's name, "profile NAME", or "default" for the region's public endpoint.
/// </summary>
public sealed record AwsEndpoint(Uri Url, string Source)
{
    /// <summary>True when the user configured the endpoint (private endpoint, emulator) instead of the region's default.</summary>
    public bool IsOverride => Source != "default";
}
