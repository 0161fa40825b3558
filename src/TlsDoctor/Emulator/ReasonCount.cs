namespace TlsDoctor.Emulator;

public sealed record ReasonCount(string Reason, long Count);
