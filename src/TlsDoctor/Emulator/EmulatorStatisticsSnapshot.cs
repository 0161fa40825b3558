namespace TlsDoctor.Emulator;

public sealed record EmulatorStatisticsSnapshot(long Total, IReadOnlyList<OutcomeCount> ByOutcome, IReadOnlyList<ReasonCount> ByReason);
