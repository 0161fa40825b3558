namespace TlsDoctor.Io;

/// <summary>
/// A kind of input a user names (a file, a device, a pipe or stdin) and the most bytes read of it. Each limit sits well
/// above the largest legitimate input of its kind, and all of them are listed in docs/exit-codes.md.
/// </summary>
public sealed record InputKind(string Name, int MaxBytes)
{
    /// <summary>A ClientHello or ServerHello as hex text or raw bytes: a handshake message is at most 2^24 bytes, a real hello a few KiB.</summary>
    public static readonly InputKind Hello = new("hello", 1 << 20);

    /// <summary>A policy file (JSON, CLB policy descriptions, or a list of names).</summary>
    public static readonly InputKind Policy = new("policy file", 1 << 20);

    /// <summary>A PEM certificate chain or private key.</summary>
    public static readonly InputKind Pem = new("PEM file", 1 << 20);

    /// <summary>A list of scan targets, one per line: about 500,000 host names.</summary>
    public static readonly InputKind Targets = new("target list", 16 << 20);

    /// <summary>A document written by `scan --json` (report --scan): tens of KiB for one endpoint.</summary>
    public static readonly InputKind ScanDocument = new("scan document", 16 << 20);

    /// <summary>"1 MiB" or "16 MiB": how the limit is written in messages and documentation.</summary>
    public string LimitText => MaxBytes % (1 << 20) == 0 ? $"{MaxBytes >> 20} MiB" : $"{MaxBytes} bytes";
}
