namespace TlsDoctor.Capture;

/// <summary>
/// The ClientHello fields JA3 and JA4 are computed from, in wire order, GREASE included (the fingerprints drop it).
/// </summary>
/// <param name="LegacyVersion">ClientHello.legacy_version.</param>
/// <param name="ExtensionTypes">Every extension type in the order sent.</param>
/// <param name="SupportedVersions">supported_versions (0x002B) entries; empty when absent.</param>
/// <param name="FirstAlpn">The first ALPN protocol name's raw bytes; null when there is no ALPN extension or it is empty.</param>
/// <param name="HasServerName">True when the server_name extension (0x0000) is present.</param>
public sealed record FingerprintInput(
    ushort LegacyVersion,
    IReadOnlyList<ushort> CipherSuites,
    IReadOnlyList<ushort> ExtensionTypes,
    IReadOnlyList<ushort> SupportedVersions,
    IReadOnlyList<ushort> SupportedGroups,
    IReadOnlyList<byte> EcPointFormats,
    IReadOnlyList<ushort> SignatureAlgorithms,
    byte[]? FirstAlpn,
    bool HasServerName);
