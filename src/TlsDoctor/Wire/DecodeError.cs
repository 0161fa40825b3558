namespace TlsDoctor.Wire;

/// <summary>
/// A typed decode failure: which message and field were malformed, and at which byte offset
/// (counted from the start of the buffer handed to the decoder).
/// </summary>
public sealed record DecodeError(DecodeErrorKind Kind, string Message, string Field, int Offset, string? Detail = null)
{
    public static DecodeError Truncated(string message, string field, int offset) =>
        new(DecodeErrorKind.Truncated, message, field, offset);

    public static DecodeError InvalidLength(string message, string field, int offset, string? detail = null) =>
        new(DecodeErrorKind.InvalidLength, message, field, offset, detail);

    public static DecodeError InvalidValue(string message, string field, int offset, string? detail = null) =>
        new(DecodeErrorKind.InvalidValue, message, field, offset, detail);

    public static DecodeError TrailingBytes(string message, string field, int offset) =>
        new(DecodeErrorKind.TrailingBytes, message, field, offset);

    public static DecodeError TooLarge(string message, string field, int offset, string? detail = null) =>
        new(DecodeErrorKind.TooLarge, message, field, offset, detail);

    /// <summary>An operator-facing sentence, e.g. "ClientHello: truncated at cipher_suites (offset 43)".</summary>
    public override string ToString()
    {
        var what = Kind switch
        {
            DecodeErrorKind.Truncated => "truncated at",
            DecodeErrorKind.InvalidLength => "invalid length of",
            DecodeErrorKind.InvalidValue => "invalid value in",
            DecodeErrorKind.TrailingBytes => "unexpected bytes after",
            DecodeErrorKind.TooLarge => "too large:",
            _ => "malformed",
        };
        var detail = Detail is null ? "" : $": {Detail}";
        return $"{Message}: {what} {Field} (offset {Offset}){detail}";
    }
}
