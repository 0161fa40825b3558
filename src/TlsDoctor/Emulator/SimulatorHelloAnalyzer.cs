using TlsDoctor.Negotiation;
using TlsDoctor.Registry;
using TlsDoctor.Wire;

namespace TlsDoctor.Emulator;

/// <summary>
/// Decodes the client's actual hello (Wire) and meets it with the enforced policy and the certificates served
/// (Negotiation.Simulator), so each log line can say why the handshake fails and which suite a success uses.
/// </summary>
public sealed class SimulatorHelloAnalyzer : IHelloAnalyzer
{
    public HelloAnalysis Analyze(FirstFlight flight, EnginePolicy policy)
    {
        ClientOffer offer;
        string? serverName = null;
        var renegotiationInfo = false;
        switch (flight.Kind)
        {
            case FirstFlightKind.Tls:
                if (!ClientHello.Decode(flight.ClientHello).TryGetValue(out var hello, out var error))
                    return new HelloAnalysis { DecodeError = error.ToString() };
                offer = hello.ToClientOffer("client");
                serverName = hello.ServerName;
                renegotiationInfo = hello.SupportsSecureRenegotiation;
                break;
            case FirstFlightKind.Sslv2:
                if (!Sslv2ClientHello.Decode(flight.Raw).TryGetValue(out var v2, out var v2Error))
                    return new HelloAnalysis { DecodeError = v2Error.ToString() };
                offer = v2.ToClientOffer("client");
                renegotiationInfo = v2.TlsCipherSuites.Contains((ushort)0x00FF);
                break;
            default:
                return new HelloAnalysis { DecodeError = flight.Problem };
        }

        var summary = Summarize(offer);
        var outcome = Simulator.Negotiate(offer, policy.Policy, policy.CertificateKinds.ToArray());
        return outcome switch
        {
            NegotiationOutcome.Agreed a => new HelloAnalysis
            {
                ClientSummary = summary, ServerName = serverName, ClientSignalsRenegotiationInfo = renegotiationInfo,
                Agreed = true, Version = a.Version, Suite = a.Suite,
            },
            NegotiationOutcome.Refused r => new HelloAnalysis
            {
                ClientSummary = summary, ServerName = serverName, ClientSignalsRenegotiationInfo = renegotiationInfo,
                Agreed = false, Reason = r.Reason.Code(), Explanation = r.Explanation,
            },
            _ => new HelloAnalysis { ClientSummary = summary, ServerName = serverName },
        };
    }

    /// <summary>"TLSv1.0-TLSv1.2, 28 suites, 4 groups".</summary>
    internal static string Summarize(ClientOffer offer)
    {
        var known = offer.Versions.Where(v => v.IsKnown).ToList();
        var versions = known.Count == 0 ? "no known version" : known.Min() == known.Max() ? known.Min().Name : $"{known.Min().Name}-{known.Max().Name}";
        var suites = offer.CipherSuites.Count(s => !Grease.IsGrease(s) && CipherSuites.Find(s) is not { IsSignalling: true });
        var groups = offer.Groups.Count(g => !Grease.IsGrease(g));
        return $"{versions}, {suites} suites" + (groups > 0 ? $", {groups} groups" : "");
    }
}
