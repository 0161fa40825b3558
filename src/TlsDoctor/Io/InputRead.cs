namespace TlsDoctor.Io;

/// <summary>What <see cref="BoundedInput"/> read: the bytes, or one sentence saying why there are none.</summary>
public sealed record InputRead(byte[]? Bytes, string? Error)
{
    public bool IsSuccess => Bytes is not null;

    public string Text => System.Text.Encoding.UTF8.GetString(Bytes ?? []);
}
