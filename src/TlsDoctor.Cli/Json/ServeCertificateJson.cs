namespace TlsDoctor.Cli.Json;

/// <summary>A certificate served by `serve`: key type ("rsa"/"ecdsa"), key size, subject, whether it was generated.</summary>
public sealed record ServeCertificateJson(string Type, int Bits, string Subject, bool SelfSigned);
