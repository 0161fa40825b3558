using System.Text.RegularExpressions;
using TlsDoctor.Clients;
using TlsDoctor.Registry;

namespace TlsDoctor.Logs;

/// <summary>
/// User agents mapped to client profiles (data/logs/user-agents.csv: .NET regular expressions, the first match wins;
/// every profile id must exist). Used to turn an at-risk connection into a client the simulator can replay exactly.
/// </summary>
public static class UserAgentProfiles
{
    private static readonly Lazy<IReadOnlyList<(Regex Pattern, ClientProfile Profile)>> Data = new(Load);

    public static ClientProfile? Match(string userAgent)
    {
        foreach (var (pattern, profile) in Data.Value)
            if (pattern.IsMatch(userAgent)) return profile;
        return null;
    }

    public static int Count => Data.Value.Count;

    private static IReadOnlyList<(Regex, ClientProfile)> Load()
    {
        var csv = CsvTable.LoadEmbedded("data/logs/user-agents.csv");
        return csv.Rows.Select(row =>
        {
            var id = csv.Get(row, "client");
            var profile = ClientProfiles.Get(id) ?? throw new InvalidDataException($"data/logs/user-agents.csv: unknown client '{id}'");
            // Bounded: a user agent is at most 8 KB (log-formats.md 1, field 14), and a pattern gets a deadline anyway.
            return (new Regex(csv.Get(row, "pattern"), RegexOptions.CultureInvariant, TimeSpan.FromMilliseconds(200)), profile);
        }).ToList();
    }
}
