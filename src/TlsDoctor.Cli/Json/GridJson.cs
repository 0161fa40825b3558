using System.Text.Json.Serialization;
using TlsDoctor.Negotiation;
using TlsDoctor.Reports;

namespace TlsDoctor.Cli.Json;

/// <summary>
/// `simulate --grid --json` (docs/report.md): clients and policies by their display and catalog names, one cell per
/// pair in row order (client by client); `reason` is simulate's refusal code. Every cell has every key.
/// </summary>
public sealed record GridJson(IReadOnlyList<string> Clients, IReadOnlyList<string> Policies, IReadOnlyList<GridJson.Cell> Cells)
{
    public sealed record Cell(
        string Client,
        string Policy,
        bool Ok,
        [property: JsonIgnore(Condition = JsonIgnoreCondition.Never)] string? Protocol,
        [property: JsonIgnore(Condition = JsonIgnoreCondition.Never)] string? Cipher,
        [property: JsonIgnore(Condition = JsonIgnoreCondition.Never)] string? Reason);

    public static GridJson From(CompatibilityGrid grid) => new(
        grid.Clients.Select(c => c.Name).ToList(),
        grid.Policies.Select(p => p.Name).ToList(),
        grid.Cells.Select(c => c.Outcome switch
        {
            NegotiationOutcome.Agreed a => new Cell(c.Client.Name, c.Policy.Name, true, a.Version.Name, GridCell.SuiteName(a.Suite), null),
            NegotiationOutcome.Refused r => new Cell(c.Client.Name, c.Policy.Name, false, null, null, r.Reason.Code()),
            _ => throw new InvalidOperationException("an outcome is agreed or refused"),
        }).ToList());
}
