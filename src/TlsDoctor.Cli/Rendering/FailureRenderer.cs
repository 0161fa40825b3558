using TlsDoctor.Cli.Json;
using TlsDoctor.Scanning;

namespace TlsDoctor.Cli.Rendering;

/// <summary>The one way a command says its endpoint could not be examined: a sentence on stderr, or a JSON failure document on stdout.</summary>
public static class FailureRenderer
{
    public static void Render(string command, string target, ProbeFailure? failure, string message, bool json, TextWriter stdout, TextWriter stderr)
    {
        if (json) stdout.WriteLine(CliJson.Serialize(new FailureDocument(FailureDocument.CurrentSchema, command, target, failure, message), CliJsonContext.Default.FailureDocument));
        else stderr.WriteLine($"error: {message}");
    }
}
