namespace TlsDoctor.Scanning;

/// <summary>One conclusion drawn from a scan: a stable id ("sslv3", "rc4", "sweet32"), a severity and a sentence.</summary>
public sealed record Finding(string Id, FindingSeverity Severity, string Text);
