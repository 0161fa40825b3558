namespace TlsDoctor.Policies;

/// <summary>
/// An exported configuration. <see cref="Text"/> is what to paste (warnings are in it as comments where the
/// format has comments); <see cref="Error"/> is set instead when the policy cannot be exported faithfully.
/// </summary>
public sealed record PolicyExport
{
    public required PolicyExportFormat Format { get; init; }
    public string Text { get; init; } = "";

    /// <summary>Parts of the policy the target cannot enforce, or that OpenSSL 3.0 lacks (also in <see cref="Text"/> as comments).</summary>
    public IReadOnlyList<string> Warnings { get; init; } = [];

    /// <summary>For <see cref="PolicyExportFormat.OpenSsl"/>: the s_server arguments, one per element (unquoted).</summary>
    public IReadOnlyList<string> Arguments { get; init; } = [];

    /// <summary>For <see cref="PolicyExportFormat.Haproxy"/>: the same settings as bind-line keywords ("ciphers … ssl-min-ver …").</summary>
    public string? BindOptions { get; init; }

    /// <summary>The OpenSSL cipher string for TLS 1.0–1.2 suites ("" when none), as used in every text format.</summary>
    public string CipherString { get; init; } = "";

    /// <summary>The OpenSSL TLS 1.3 ciphersuites string ("" when none).</summary>
    public string Ciphersuites { get; init; } = "";

    public string? Error { get; init; }
}
