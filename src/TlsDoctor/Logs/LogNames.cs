using TlsDoctor.Registry;

namespace TlsDoctor.Logs;

/// <summary>
/// Log spellings translated through the registries, once per distinct spelling: protocols to TLSv1.0…TLSv1.3
/// (<see cref="TlsVersion.TryParse"/> reads "TLSv1", "tlsv12", …), cipher OpenSSL names to IANA names
/// (<see cref="CipherSuites.Find(string)"/>), key exchanges to group names (<see cref="Groups.Find(string)"/>).
/// </summary>
public static class LogNames
{
    /// <summary>"TLSv1.0" … "TLSv1.3" (the registry's names); the log's own text when the registry does not know it.</summary>
    public static string Protocol(string logText) => TlsVersion.TryParse(logText, out var v) && v.Value.IsKnown ? v.Value.Name : logText;

    public static TlsVersion? Version(string logText) => TlsVersion.TryParse(logText, out var v) && v.Value.IsKnown ? v : null;

    /// <summary>The suite an OpenSSL (or IANA) name means; null when the registry does not know the name.</summary>
    public static CipherSuite? Suite(string logText) => CipherSuites.Find(logText);

    /// <summary>The IANA name of the suite (registry name if IANA has none); the log's own text when unknown.</summary>
    public static string Cipher(string logText) => Suite(logText) is { } s ? s.IanaName ?? s.Name : logText;

    /// <summary>The registry's group name ("X25519MLKEM768", "x25519"); the log's own text when unknown.</summary>
    public static string KeyExchange(string logText) => Groups.Find(logText)?.Name ?? logText;

    /// <summary>A post-quantum hybrid or pure ML-KEM group (data/registry/groups.csv "kind").</summary>
    public static bool IsPostQuantum(string logText) => Groups.Find(logText)?.Kind is GroupKind.HybridPostQuantum or GroupKind.PostQuantumKem;

    /// <summary>NLB incoming_tls_alert "48" → "unknown_ca"; other text is kept.</summary>
    public static string Alert(string logText) => byte.TryParse(logText, out var code) ? AlertDescriptions.Describe(code) : logText;
}
