namespace TlsDoctor.Clients;

/// <summary>How current a client profile is; decides which profiles diagnose and demo use by default.</summary>
public enum ClientStatus
{
    /// <summary>Current browsers, runtimes and tools (what most traffic looks like today).</summary>
    Common,
    /// <summary>Older versions of still-maintained clients: neither current nor broken by modern policies as a class.</summary>
    Dated,
    /// <summary>Clients that modern policies are expected to refuse: no TLS 1.2, or Java 6/7, Android 4.x, Internet Explorer (Windows XP–7 era SChannel), OpenSSL 0.9.8/1.0.x.</summary>
    Legacy,
}
