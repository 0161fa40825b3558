using TlsDoctor.IntegrationTests.Servers;

namespace TlsDoctor.IntegrationTests.Policies;

/// <summary>One `openssl s_client -brief` handshake: the negotiated protocol and suite (OpenSSL names), or null when it failed.</summary>
internal static class SClient
{
    public sealed record Handshake(string Protocol, string Cipher);

    public static async Task<Handshake?> ConnectAsync(ServerProcess server, params string[] arguments)
    {
        var args = new List<string> { "s_client", "-connect", server.Endpoint, "-servername", "localhost", "-brief" };
        args.AddRange(arguments);
        var result = await ProcessRunner.RunAsync("openssl", args, TimeSpan.FromSeconds(10), standardInput: "");
        string? Field(string prefix) => result.Output.Split('\n').Select(l => l.Trim())
            .FirstOrDefault(l => l.StartsWith(prefix, StringComparison.Ordinal))?[prefix.Length..].Trim();
        var protocol = Field("Protocol version:");
        var cipher = Field("Ciphersuite:");
        return protocol is null || cipher is null ? null : new Handshake(protocol, cipher);
    }
}
