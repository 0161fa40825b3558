using TlsDoctor.Clients;

namespace TlsDoctor.Tests.Clients;

/// <summary><c>clients list --status/--family</c> as a catalog query.</summary>
public class ClientQueryTests
{
    [Fact]
    public void An_empty_filter_keeps_every_profile_in_catalog_order() =>
        Assert.Equal(ClientProfiles.All.Select(p => p.Id), ClientProfiles.Query(new ClientFilter()).Select(p => p.Id));

    [Fact]
    public void Status_and_family_combine()
    {
        var java = ClientProfiles.Query(new ClientFilter { Family = "JAVA" });
        Assert.NotEmpty(java);
        Assert.All(java, p => Assert.Equal("java", p.Family));
        Assert.Equal(ClientProfiles.All.Count(p => p.Family == "java"), java.Count);

        var legacyJava = ClientProfiles.Query(new ClientFilter { Family = "java", Status = ClientStatus.Legacy });
        Assert.NotEmpty(legacyJava);
        Assert.True(legacyJava.Count < java.Count);
        Assert.All(legacyJava, p => Assert.Equal(ClientStatus.Legacy, p.Status));
        Assert.Contains(legacyJava, p => p.Id == "java-7u25");
    }

    [Fact]
    public void Families_are_distinct_and_sorted()
    {
        var families = ClientProfiles.Families;
        Assert.Equal(families.Distinct().Order(StringComparer.Ordinal), families);
        Assert.Contains("java", families);
        Assert.Empty(ClientProfiles.Query(new ClientFilter { Family = "no-such-family" }));
    }
}
