namespace TlsDoctor.Logs;

/// <summary>What a log line shows was negotiated: the protocol ("TLSv1.2") and the cipher's IANA name (the log's own text when the registry does not know it).</summary>
public readonly record struct NegotiatedPair(string Protocol, string Cipher);
