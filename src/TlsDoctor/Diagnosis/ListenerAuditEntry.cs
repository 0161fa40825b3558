using TlsDoctor.Aws;
using TlsDoctor.Negotiation;

namespace TlsDoctor.Diagnosis;

/// <summary>
/// One TLS listener in the audit: the catalog clients its policy refuses, whether it allows TLS 1.0 or 1.1, whether
/// it offers post-quantum key exchange, and the most secure policy that still admits every client it admits today
/// (null when the policy's contents are unknown, or it is already that policy).
/// </summary>
public sealed record ListenerAuditEntry(
    AwsTlsListener Listener,
    IReadOnlyList<ClientVerdict> Refused,
    bool? AllowsLegacyTls,
    bool? PostQuantum,
    ServerPolicy? Recommended);
