namespace TlsDoctor.Emulator;

public sealed record OutcomeCount(ConnectionOutcome Outcome, long Count);
