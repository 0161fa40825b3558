namespace TlsDoctor.Emulator;

/// <summary>Why the emulator could not start: an operator-readable message (port in use, backend unreachable, …).</summary>
public sealed record EmulatorStartError(EmulatorStartErrorKind Kind, string Message);
