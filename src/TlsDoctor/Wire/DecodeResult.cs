using System.Diagnostics.CodeAnalysis;

namespace TlsDoctor.Wire;

/// <summary>Either a decoded value or a <see cref="DecodeError"/>; decoders never throw on bad input.</summary>
public readonly struct DecodeResult<T> where T : class
{
    private DecodeResult(T? value, DecodeError? error) { Value = value; Error = error; }

    public T? Value { get; }
    public DecodeError? Error { get; }

    [MemberNotNullWhen(true, nameof(Value))]
    [MemberNotNullWhen(false, nameof(Error))]
    public bool IsSuccess => Value is not null;

    public bool TryGetValue([NotNullWhen(true)] out T? value, [NotNullWhen(false)] out DecodeError? error)
    {
        value = Value;
        error = Error;
        return Value is not null;
    }

    /// <summary>The value, or an InvalidOperationException carrying the decode error (for tests and trusted input).</summary>
    public T GetValueOrThrow() => Value ?? throw new InvalidOperationException(Error!.ToString());

    public static implicit operator DecodeResult<T>(T value) => new(value ?? throw new ArgumentNullException(nameof(value)), null);
    public static implicit operator DecodeResult<T>(DecodeError error) => new(null, error ?? throw new ArgumentNullException(nameof(error)));

    public override string ToString() => IsSuccess ? Value!.ToString()! : Error!.ToString();
}
