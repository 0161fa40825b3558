namespace TlsDoctor.Emulator;

/// <summary>Turns a client's first flight into the policy's verdict (decoder + simulator), so the log can say why a handshake failed.</summary>
public interface IHelloAnalyzer
{
    HelloAnalysis Analyze(FirstFlight flight, EnginePolicy policy);
}
