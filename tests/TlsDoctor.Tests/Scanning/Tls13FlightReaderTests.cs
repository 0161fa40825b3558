using System.Security.Cryptography;
using TlsDoctor.Scanning;
using TlsDoctor.Wire;

namespace TlsDoctor.Tests.Scanning;

public class Tls13FlightReaderTests
{
    [Fact]
    public void Key_schedule_matches_rfc8448_early_and_derived_secrets()
    {
        // RFC 8448 section 3 ("Simple 1-RTT Handshake"): HKDF-Extract with no PSK, then Derive-Secret(., "derived", "").
        var early = HKDF.Extract(HashAlgorithmName.SHA256, new byte[32], new byte[32]);
        Assert.Equal("33ad0a1c607ec03b09e6cd9893680ce210adf300aa1f2660e1b22e10f170f92a", Convert.ToHexStringLower(early));
        var derived = Tls13KeySchedule.ExpandLabel(HashAlgorithmName.SHA256, early, "derived", SHA256.HashData([]), 32);
        Assert.Equal("6f2615a108c702c5678f54fc9dbab69716c076189c48250cebeac3576c3611ba", Convert.ToHexStringLower(derived));
    }

    [Fact]
    public void X25519_shared_secret_matches_rfc7748()
    {
        // RFC 7748 section 6.1: Alice's private key, Bob's public key, the shared secret K.
        var alice = new KeyShareKeyPair(0x001D, [], Convert.FromHexString("77076d0a7318a57d3c16c17251b26645df4c2f87ebc0992ab177fba51db92c2a"));
        var bobPublic = Convert.FromHexString("de9edb7d7b7dc1b4d35b61c2ece435373f8343c85b78674dadfc7e146f882b4f");
        Assert.Equal("4a5d9d5ba4ce2de1728e3bf480350f25e07e21c947d19e3376f09b3c1e161742",
            Convert.ToHexStringLower(KeyAgreement.SharedSecret(alice, bobPublic)!));
    }

    [Fact]
    public void Both_sides_compute_the_same_secret_for_every_group_read()
    {
        // ffdhe6144 and ffdhe8192 take the same path as ffdhe2048/3072 and cost most of a second here: left out to keep this fast.
        foreach (var group in Tls13FlightReader.KeyExchangeGroups.Where(g => g is not (0x0103 or 0x0104)))
        {
            var a = KeyShareGenerator.TryGenerate(group, RandomSource.FromSeed(group))!;
            var b = KeyShareGenerator.TryGenerate(group, RandomSource.FromSeed(group + 1000))!;
            var ab = KeyAgreement.SharedSecret(a, b.PublicKey);
            var ba = KeyAgreement.SharedSecret(b, a.PublicKey);
            Assert.NotNull(ab);
            Assert.Equal(ab, ba);
            // RFC 8446 section 7.4: the secret is as long as the prime or the field (X25519 32, X448 56 bytes).
            var expected = TlsDoctor.Registry.Groups.Find(group)!.Name switch
            {
                "x25519" => 32, "x448" => 56, var n when n.StartsWith("ffdhe", StringComparison.Ordinal) => a.PublicKey.Length, _ => (a.PublicKey.Length - 1) / 2,
            };
            Assert.Equal(expected, ab!.Length);
        }
    }

    [Fact]
    public void Invalid_peer_shares_are_rejected_not_thrown()
    {
        var pair = KeyShareGenerator.TryGenerate(0x0017, RandomSource.FromSeed(1))!;
        Assert.Null(KeyAgreement.SharedSecret(pair, new byte[65]));
        Assert.Null(KeyAgreement.SharedSecret(KeyShareGenerator.TryGenerate(0x001D, RandomSource.FromSeed(2))!, new byte[31]));
        // RFC 8446 section 4.2.8.1: a finite-field share of 1 (or p - 1) is refused.
        var ffdhe = KeyShareGenerator.TryGenerate(0x0100, RandomSource.FromSeed(3))!;
        var one = new byte[256];
        one[^1] = 1;
        Assert.Null(KeyAgreement.SharedSecret(ffdhe, one));
    }

    [Fact]
    public void Alert_and_non_tls_answers_become_failures()
    {
        var reader = new Tls13FlightReader(new byte[] { 1, 0, 0, 0 }, []);
        var alert = reader.Read(new byte[] { 0x15, 0x03, 0x03, 0x00, 0x02, 0x02, 0x28 }, null, out var state);
        Assert.Equal(FlightState.Complete, state);
        Assert.Equal(new ProbeFailure.Alert(2, 40), alert.Failure);
        var http = reader.Read("HTTP/1.1 400"u8.ToArray(), null, out _);
        Assert.IsType<ProbeFailure.NotTls>(http.Failure);
        reader.Read(new byte[] { 0x16, 0x03, 0x03 }, null, out var partial);
        Assert.Equal(FlightState.NeedMore, partial);
    }
}
