using TlsDoctor.Negotiation;

namespace TlsDoctor.Reports;

/// <summary>One row of the compatibility grid: a client and the family it is grouped under.</summary>
public sealed record GridClient(ClientOffer Offer, ClientFamily Family)
{
    public string Name => Offer.Name;
}
