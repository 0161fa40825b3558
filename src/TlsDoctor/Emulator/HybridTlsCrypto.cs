using Org.BouncyCastle.Security;
using Org.BouncyCastle.Tls;
using Org.BouncyCastle.Tls.Crypto.Impl.BC;

namespace TlsDoctor.Emulator;

/// <summary>
/// BouncyCastle's crypto provider, also reporting the ECDHE-MLKEM hybrid groups (X25519MLKEM768, SecP256r1MLKEM768,
/// SecP384r1MLKEM1024) as supported when both of their components are. BouncyCastle 2.7.0 builds the hybrid key
/// share itself (TlsHybridAgreement: the two shares concatenated, the two secrets concatenated, per
/// draft-ietf-tls-ecdhe-mlkem) but its provider answers only for single groups, so without this the TLS 1.3
/// engine never selects a hybrid group.
/// </summary>
internal sealed class HybridTlsCrypto(SecureRandom random) : BcTlsCrypto(random)
{
    public override bool HasNamedGroup(int namedGroup) => NamedGroup.RefersToASpecificHybrid(namedGroup)
        ? base.HasNamedGroup(NamedGroup.GetHybridFirst(namedGroup)) && base.HasNamedGroup(NamedGroup.GetHybridSecond(namedGroup))
        : base.HasNamedGroup(namedGroup);
}
