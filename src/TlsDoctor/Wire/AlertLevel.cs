namespace TlsDoctor.Wire;

/// <summary>RFC 5246 section 7.2: enum { warning(1), fatal(2), (255) } AlertLevel;</summary>
public enum AlertLevel : byte
{
    Warning = 1,
    Fatal = 2,
}
