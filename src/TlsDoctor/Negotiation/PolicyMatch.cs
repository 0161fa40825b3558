namespace TlsDoctor.Negotiation;

/// <summary>
/// One catalog policy compared with an observation. <see cref="Missing"/>: what the policy enables but the server
/// did not show; <see cref="Extra"/>: what the server showed but the policy does not enable (versions, suites,
/// groups by name; "server order" when only one side enforces its order; "suite order" when the orders differ).
/// </summary>
public sealed record PolicyMatch(string Name, string Provider, bool Exact, IReadOnlyList<string> Missing, IReadOnlyList<string> Extra)
{
    [System.Text.Json.Serialization.JsonIgnore]
    public int Distance => Missing.Count + Extra.Count;
}
