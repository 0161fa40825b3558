namespace TlsDoctor.Logs;

/// <summary>
/// `logs what-if`: of the connections the logs show negotiated successfully, those the policy could not have
/// negotiated. An upper bound: a line shows the pair chosen, not everything the client offered, so a client may
/// well agree on another pair (<see cref="Confirmed"/> settles it where a user agent names a known client).
/// </summary>
public sealed record WhatIfResult
{
    public required LogScanStats Scan { get; init; }
    public required string Policy { get; init; }

    /// <summary>Successful TLS connections whose protocol and cipher the log shows.</summary>
    public required long Connections { get; init; }

    public required long AtRisk { get; init; }
    public required long AtRiskClients { get; init; }
    public double AtRiskShare => Connections == 0 ? 0 : (double)AtRisk / Connections;

    /// <summary>Always true: see the type's summary.</summary>
    public bool UpperBound => true;

    public required IReadOnlyList<AtRiskPair> Pairs { get; init; }

    /// <summary>At-risk clients replayed by user agent: those that would fail (confirmed).</summary>
    public required IReadOnlyList<ClientConfirmation> Confirmed { get; init; }

    /// <summary>At-risk clients replayed by user agent that would still agree with the policy.</summary>
    public required IReadOnlyList<ClientConfirmation> Cleared { get; init; }

    public IReadOnlyList<string> Notes { get; init; } = [];
}
