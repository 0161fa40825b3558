namespace TlsDoctor.Emulator;

/// <summary>Either a running emulator or the reason it could not start.</summary>
public sealed record EmulatorStartResult(TlsEmulator? Emulator, EmulatorStartError? Error);
