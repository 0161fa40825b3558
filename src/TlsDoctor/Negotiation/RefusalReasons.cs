namespace TlsDoctor.Negotiation;

/// <summary>The stable kebab-case codes of <see cref="RefusalReason"/> used in text and JSON output.</summary>
public static class RefusalReasons
{
    public static string Code(this RefusalReason reason) => reason switch
    {
        RefusalReason.NoSharedProtocol => "no-shared-protocol",
        RefusalReason.NoSharedCipher => "no-shared-cipher",
        RefusalReason.NoCipherForCertificate => "no-cipher-for-certificate",
        RefusalReason.NoSharedGroup => "no-shared-group",
        RefusalReason.NoSharedSignatureAlgorithm => "no-shared-signature-algorithm",
        RefusalReason.ClientOffersSslv2Only => "client-offers-sslv2-only",
        RefusalReason.PolicyUnknown => "policy-unknown",
        RefusalReason.MalformedClientHello => "malformed-client-hello",
        _ => throw new ArgumentOutOfRangeException(nameof(reason), reason, null),
    };

    public static bool TryParse(string code, out RefusalReason reason)
    {
        foreach (var r in Enum.GetValues<RefusalReason>())
            if (string.Equals(r.Code(), code, StringComparison.OrdinalIgnoreCase)) { reason = r; return true; }
        reason = default;
        return false;
    }
}
