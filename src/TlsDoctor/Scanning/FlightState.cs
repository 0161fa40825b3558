namespace TlsDoctor.Scanning;

/// <summary>What a flight classifier says about the bytes received so far.</summary>
public enum FlightState
{
    /// <summary>The answer is incomplete: keep reading.</summary>
    NeedMore,
    /// <summary>Enough has arrived to decide (a complete flight, an alert, or bytes that can never frame).</summary>
    Complete,
}
