namespace TlsDoctor.Negotiation;

/// <summary>
/// A fault in a client's hello for which a server aborts before negotiating anything: a duplicate extension (RFC 8446
/// 4.2: illegal_parameter) or a malformed body of an extension the server reads (decode_error, RFC 8446 6.2).
/// </summary>
/// <param name="Alert">The alert a server sends (Registry.AlertDescriptions).</param>
public sealed record HelloDefect(byte Alert, string Description);
