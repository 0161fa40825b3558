using TlsDoctor.Clients;
using TlsDoctor.Registry;

namespace TlsDoctor.Tests.Clients;

public class ClientProfilesTests
{
    [Fact]
    public void All_profiles_load_with_unique_ids()
    {
        // 177 profiles converted from the testssl.sh client table plus 11 of TlsDoctor's own captures.
        Assert.Equal(188, ClientProfiles.All.Count);
        Assert.Equal(ClientProfiles.All.Count, ClientProfiles.All.Select(p => p.Id).Distinct(StringComparer.OrdinalIgnoreCase).Count());
        Assert.All(ClientProfiles.All, p => Assert.NotEmpty(p.Offer.CipherSuites));
    }

    [Theory]
    [InlineData("java-6u45")]
    [InlineData("java-7u25")]
    [InlineData("android-404")]
    [InlineData("android-442")]
    [InlineData("ie-8-xp")]
    [InlineData("ie-11-win7")]
    [InlineData("openssl-098y")]
    [InlineData("openssl-102e")]
    public void Old_runtimes_are_legacy(string id) => Assert.Equal(ClientStatus.Legacy, ClientProfiles.Get(id)!.Status);

    [Theory]
    [InlineData("chromium-137-win11")]
    [InlineData("firefox-137-win11")]
    [InlineData("safari-264-all")]
    [InlineData("java-1703-2106")]
    [InlineData("curl")]
    [InlineData("dotnet10-httpclient")]
    [InlineData("python3-requests")]
    public void Current_clients_are_common(string id) => Assert.Equal(ClientStatus.Common, ClientProfiles.Get(id)!.Status);

    [Fact]
    public void Every_legacy_profile_lacks_tls12_or_is_of_a_listed_legacy_family()
    {
        foreach (var p in ClientProfiles.Legacy)
            Assert.True(p.Offer.MaxVersion < TlsVersion.Tls12 || p.Family is "java" or "android" or "internet-explorer" or "openssl", p.Id);
    }

    [Fact]
    public void Every_common_profile_offers_tls12_or_later_and_a_forward_secret_aead_suite()
    {
        foreach (var p in ClientProfiles.Common)
        {
            Assert.True(p.Offer.MaxVersion >= TlsVersion.Tls12, p.Id);
            Assert.Contains(p.Offer.CipherSuites, c => CipherSuites.Find(c) is { IsAead: true, IsForwardSecret: true });
        }
    }

    [Fact]
    public void Lookup_is_case_insensitive_by_id_or_name_and_unknown_names_get_suggestions()
    {
        Assert.Same(ClientProfiles.Get("java-7u25"), ClientProfiles.Find("Java 7u25").Profile);
        Assert.Same(ClientProfiles.Get("java-7u25"), ClientProfiles.Find("JAVA-7U25").Profile);
        var miss = ClientProfiles.Find("java-7u26");
        Assert.False(miss.IsSuccess);
        Assert.Contains("java-7u25", miss.Suggestions);
        Assert.Contains("closest", miss.ErrorMessage);
    }

    [Fact]
    public void Post_quantum_browsers_offer_the_hybrid_group_with_a_key_share()
    {
        var chromium = ClientProfiles.Get("chromium-137-win11")!.Offer;
        Assert.Contains((ushort)0x11EC, chromium.Groups);
        Assert.Contains((ushort)0x11EC, chromium.KeyShares);
    }
}
